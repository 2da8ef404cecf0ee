## Console : utilisateurs contacts (contacts d’un client ayant un identifiant), leurs accès,
## et le panneau « Qui a accès » du dossier

## La section de la page client et le formulaire Ajouter un utilisateur contact

contact-users-none = Ce client n’a pas encore d’utilisateur contact.
contact-users-column-name = Nom
contact-users-column-username = Identifiant
contact-users-column-email = E-mail
contact-users-column-state = État
contact-users-add = Ajouter un utilisateur contact
contact-users-back-to-client = Retour au client
contact-users-field-first_name = Prénom
contact-users-field-last_name = Nom de famille
contact-users-field-email = E-mail
contact-users-field-username = Identifiant
contact-users-username-hint = Facultatif. Par défaut, la partie de l’adresse e-mail avant le @.
contact-users-errors = Certains champs demandent votre attention. Rien n’a été enregistré.
contact-users-error-required = Ce champ est obligatoire.
contact-users-error-name = Saisissez un nom de 100 caractères au plus, sur une ligne.
contact-users-error-email = Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.
contact-users-error-username = Un identifiant compte 2 à 64 caractères : lettres, chiffres et . _ - @ +, en commençant par une lettre ou un chiffre.
contact-users-error-username-taken = Cet identifiant est déjà pris dans votre organisation. Choisissez-en un autre.
contact-users-error-already-user = Le contact ayant cette adresse e-mail a déjà un identifiant.
contact-users-error-invalid = Vérifiez ce champ.

contact-users-state-invited = Invité
contact-users-state-pending = En attente
contact-users-state-active = Actif
contact-users-state-disabled = Désactivé
contact-users-state-removed = Supprimé

## La page de l’utilisateur contact

contact-users-details = Détails
contact-users-clients = Clients
contact-users-password = Mot de passe
contact-users-password-temporary = Temporaire, valable jusqu’au { $until }
contact-users-password-set = Défini
contact-users-password-none = Pas encore défini
contact-users-created = Créé
contact-users-send-password = Envoyer le mot de passe
contact-users-send-password-intro = Le mot de passe part par e-mail à { $email } uniquement ; vous ne le voyez jamais.
contact-users-send-password-disabled = Ce compte est désactivé. Activez-le pour envoyer un mot de passe.
contact-users-send-password-how = Comment doit-il lui parvenir ?
contact-users-mode-temporary = Mot de passe temporaire par e-mail
contact-users-mode-link = Lien pour choisir un mot de passe par e-mail
contact-users-password-sent = Envoyé à { $email }.
contact-users-username-title = Identifiant
contact-users-username-rule = 2 à 64 caractères : lettres, chiffres et . _ - @ +. Majuscules et minuscules comptent pareil.
contact-users-username-save = Enregistrer l’identifiant
contact-users-account = Compte
contact-users-enabled-hint = Désactiver empêche la personne de se connecter ; ses accès ne comptent plus jusqu’à ce que le compte soit réactivé.
contact-users-disabled-hint = Ce compte est désactivé : la personne ne peut pas se connecter et n’accède à aucun dossier.
contact-users-disable = Désactiver
contact-users-enable = Activer

## Accès

contact-users-grants = Accès aux dossiers
contact-users-public-cases = Donner accès à tous les dossiers publics
contact-users-public-cases-intro = Les dossiers publics des clients de cet utilisateur, y compris ceux rendus publics plus tard. L’utilisateur les lit en lecteur.
contact-users-public-cases-both = Actuellement : tous les dossiers publics, ouverts et clos.
contact-users-public-cases-open = Actuellement : tous les dossiers publics ouverts.
contact-users-public-cases-closed = Actuellement : tous les dossiers publics clos.
contact-users-public-cases-none = Actuellement : aucun accès aux dossiers publics.
contact-users-public-cases-which = Quels dossiers publics
contact-users-open-cases = Dossiers ouverts
contact-users-closed-cases = Dossiers clos
contact-users-public-cases-remove-hint = Décochez les deux pour retirer cet accès.
contact-users-case-grants = Dossiers accordés un par un
contact-users-filter = Afficher les accès
contact-users-filter-all = Tous
contact-users-filter-open = Ouverts
contact-users-filter-closed = Clos
contact-users-no-grants = Aucun dossier n’est accordé un par un ici.
contact-users-column-case = Dossier
contact-users-column-case-state = État du dossier
contact-users-column-role = Rôle
contact-users-column-granted = Accordé
contact-users-column-actions = Actions
contact-users-case-open = Ouvert
contact-users-case-closed = Clos
contact-users-case-unknown = Un dossier que vous ne pouvez pas lire
contact-users-staff-member = un membre de l’équipe
contact-users-granted-by = { $when } par { $name }
contact-users-role-viewer = Lecteur
contact-users-role-editor = Éditeur
contact-users-revoke = Révoquer
contact-users-revoke-case = Révoquer l’accès à { $case }
contact-users-grant-case = Accorder un dossier
contact-users-no-cases-to-grant = Les clients de cet utilisateur n’ont pas encore de dossier.
contact-users-field-case = Dossier
contact-users-field-role = Rôle
contact-users-grant = Accorder l’accès

## Messages

flash-contact-user-created = Utilisateur contact créé. Envoyez-lui un mot de passe quand il devra se connecter.
flash-contact-user-password-sent = Mot de passe envoyé par e-mail.
flash-contact-user-choose-mode = Choisissez comment le mot de passe doit lui parvenir.
flash-contact-user-is-disabled = Ce compte est désactivé : activez-le avant d’envoyer un mot de passe.
flash-contact-user-mailed-recently = Cette personne a reçu un e-mail il y a un instant ; patientez une minute et réessayez.
flash-contact-user-busy = Le serveur est occupé ; réessayez dans un instant.
flash-contact-user-saved = Identifiant enregistré.
flash-contact-user-disabled = Compte désactivé.
flash-contact-user-enabled = Compte activé.
flash-contact-user-public-cases-saved = Accès aux dossiers publics enregistré.
flash-contact-user-public-cases-removed = Accès aux dossiers publics retiré.
flash-contact-user-grant-unknown-case = Ce dossier n’appartient à aucun des clients de cet utilisateur. Rien n’a été accordé.
flash-contact-user-grant-role = Choisissez Lecteur ou Éditeur.
flash-contact-user-granted = Accès accordé.
flash-contact-user-grant-gone = Cet accès n’existe plus.
flash-contact-user-grant-revoked = Accès révoqué.

## Le panneau Qui a accès du dossier

case-panel-who-has-access = Qui a accès
access-staff = L’équipe de { $org }
access-by-grant = { $role } par accès accordé depuis le { $since }
access-by-public-cases = Lecteur via « tous les dossiers publics » depuis le { $since }
access-user-unknown = Un utilisateur contact supprimé
access-guest = Lien invité de { $name }, jusqu’au { $until }
access-guest-unknown = un contact qui n’est plus sur le dossier
access-share = Lien de partage « { $label } », jusqu’au { $until }, vu { $views } fois
access-share-unlabelled = sans libellé
access-only-staff = Seule l’équipe peut accéder à ce dossier.
