## Paramètres : l’index et ce que partagent toutes les pages de paramètres

settings-title = Paramètres
settings-back = Retour aux paramètres
settings-save = Enregistrer
settings-pagination = Pages
settings-next-page = Page suivante
settings-organisation-title = Organisation
settings-organisation-hint = Nom, couleur de marque, logo et langue par défaut.
settings-staff-title = Membres de l’équipe
settings-staff-hint = Inviter des personnes, changer leurs profils, les désactiver ou les réactiver.
settings-tokens-title = Mes jetons d’API
settings-tokens-hint = Des jetons qui permettent à vos scripts d’utiliser l’API en votre nom.
settings-permissions-title = Profils et autorisations
settings-permissions-hint = Quels profils peuvent partager publiquement les dossiers de chaque formulaire.
settings-mail-title = Modèles d’e-mail
settings-mail-hint = L’objet et le texte de chaque e-mail, dans chaque langue.
settings-undelivered-title = E-mails non distribués
settings-undelivered-hint = Les e-mails qui n’ont pas pu être distribués, et leur renvoi.
settings-audit-title = Journal d’audit
settings-audit-hint = Qui a fait quoi, et quand.

## Organisation

settings-org-slug = Nom dans les adresses
settings-org-base-url = Adresse publique
settings-org-name = Nom
settings-org-colour = Couleur de marque
settings-org-colour-hint = Au format #rrggbb, par exemple #1d4ed8. Laissez vide pour la couleur par défaut.
settings-org-logo = URL du logo
settings-org-logo-hint = Une adresse https d’image. Laissez vide pour ne pas afficher de logo.
settings-org-language = Langue par défaut
settings-org-error-name = Saisissez un nom de 1 à 200 caractères, sur une seule ligne.
settings-org-error-colour = Saisissez une couleur : # suivi de six chiffres hexadécimaux, par exemple #1d4ed8.
settings-org-error-logo = Saisissez une adresse https (sans nom d’utilisateur ni mot de passe) de 2000 caractères au plus.
settings-org-error-language = Choisissez l’une des langues de la liste.
flash-settings-organisation-saved = Les paramètres de l’organisation sont enregistrés.

## Profils

settings-profile-admin = Administrateur
settings-profile-case-admin = Administrateur des dossiers
settings-profile-agent = Agent

## Membres de l’équipe

settings-staff-person = Personne
settings-staff-state = État
settings-staff-profiles = Profils
settings-staff-actions = Actions
settings-staff-you = vous
settings-staff-state-active = Actif
settings-staff-state-invited = Invité
settings-staff-state-disabled = Désactivé
settings-staff-save-profiles = Enregistrer les profils
settings-staff-disable = Désactiver
settings-staff-enable = Réactiver
settings-staff-invite-title = Inviter un membre de l’équipe
settings-staff-invite-hint = La personne reçoit un e-mail avec un lien pour choisir son mot de passe. Personne d’autre ne voit jamais ce lien.
settings-staff-name = Nom
settings-staff-email = E-mail
settings-staff-invite = Envoyer l’invitation
settings-staff-error-name = Saisissez le nom de la personne.
settings-staff-error-email = Saisissez une adresse e-mail, par exemple nom@example.org.
settings-staff-error-email-taken = Un membre de l’équipe utilise déjà cette adresse e-mail.
flash-settings-staff-invited = Invitation envoyée. Le nouveau membre recevra un e-mail avec un lien pour choisir son mot de passe.
flash-settings-staff-invitation-failed = Le membre a été créé, mais l’invitation n’a pas pu être mise en file d’envoi. Réessayez dans quelques minutes.
flash-settings-staff-profiles-saved = Les profils sont enregistrés.
flash-settings-staff-disabled = Le membre est désactivé et déconnecté partout.
flash-settings-staff-enabled = Le membre est de nouveau actif.
flash-settings-staff-last-admin = Rien n’a changé : l’organisation doit garder au moins un administrateur actif.

## Mes jetons d’API

settings-tokens-none = Vous n’avez encore aucun jeton d’API.
settings-tokens-label = Libellé
settings-tokens-created = Créé le
settings-tokens-expires = Expire le
settings-tokens-never = Jamais
settings-tokens-state = État
settings-tokens-state-active = Actif
settings-tokens-state-expired = Expiré
settings-tokens-state-revoked = Révoqué
settings-tokens-revoke = Révoquer
settings-tokens-revoke-named = Révoquer le jeton { $label }
settings-tokens-create-title = Créer un jeton
settings-tokens-expires-on = Cesse de fonctionner le
settings-tokens-expires-hint = Au début de ce jour (UTC), au plus tard dans un an.
settings-tokens-create = Créer le jeton
settings-tokens-new-title = Votre nouveau jeton
settings-tokens-new-hint = Copiez-le maintenant : il n’est affiché que cette fois. Il agit en votre nom, avec vos profils.
settings-tokens-token = Jeton
settings-tokens-copy = Copier le jeton
settings-tokens-copied = Copié
settings-tokens-error-label = Saisissez un libellé de 1 à 100 caractères, sur une seule ligne.
settings-tokens-error-date = Choisissez un jour.
settings-tokens-error-past = Choisissez un jour après aujourd’hui.
settings-tokens-error-too-late = Choisissez un jour dans { $days } jours au plus.
flash-settings-token-revoked = Le jeton est révoqué et ne fonctionne plus.

## Profils et autorisations

settings-permissions-intro = Qui peut créer des liens de partage publics pour les dossiers de chaque formulaire. Les administrateurs le peuvent toujours. Le partage doit aussi être activé dans le formulaire.
settings-permissions-caption = Peut partager les dossiers publiquement
settings-permissions-form = Formulaire
settings-permissions-addon-off = Le partage est désactivé pour ce formulaire
settings-permissions-cell = { $profile } peut partager publiquement les dossiers de { $form }
settings-permissions-save-named = Enregistrer les autorisations de { $form }
settings-permissions-no-forms = Il n’y a encore aucun formulaire.
flash-settings-permissions-saved = Les autorisations sont enregistrées.

## Modèles d’e-mail

settings-mail-intro = Chaque e-mail envoyé par Frontdesk utilise l’un de ces modèles. Modifiez-en un pour employer vos propres mots ; réinitialisez-le pour revenir à celui de Frontdesk.
settings-mail-kind = Type d’e-mail
settings-mail-edit = Modifier
settings-mail-default = Par défaut
settings-mail-customised = Personnalisé
settings-mail-back = Retour aux modèles d’e-mail
settings-mail-editor-title = { $kind } ({ $language })
settings-mail-placeholders = Variables
settings-mail-required = Cet e-mail doit contenir, dans le HTML comme dans le texte :
settings-mail-required-none = Cet e-mail n’exige aucune variable particulière.
settings-mail-available = Vous pouvez utiliser :
settings-mail-legacy = Les anciennes variables sont converties à l’enregistrement :
settings-mail-subject = Objet
settings-mail-html = HTML
settings-mail-text = Texte
settings-mail-preview = Aperçu
settings-mail-preview-html = Ouvrir l’aperçu HTML
settings-mail-preview-title = Aperçu avec des données d’exemple
settings-mail-preview-hint = Rien n’est encore enregistré.
settings-mail-html-source = Source HTML
settings-mail-reset = Revenir au modèle par défaut
settings-mail-reset-hint = Votre version sera supprimée : le modèle par défaut de Frontdesk s’appliquera de nouveau.
settings-mail-error-compile = Ce modèle n’est pas valide : { $detail }
settings-mail-error-missing = Ce champ doit contenir { $placeholders }.
settings-mail-error-size = Ce champ doit compter de 1 à { $max } caractères.
settings-mail-error-render = Le modèle ne fonctionne pas avec les données d’exemple : { $detail }
settings-mail-kind-test = E-mail de test
settings-mail-kind-guest-case-created = Dossier créé (à l’invité)
settings-mail-kind-guest-link-reissued = Nouveau lien d’accès (à l’invité)
settings-mail-kind-case-notification = Activité sur un dossier
settings-mail-kind-contact-message = Message à un contact
settings-mail-kind-temporary-password = Mot de passe temporaire
settings-mail-kind-password-reset = Réinitialisation du mot de passe
settings-mail-kind-activation = Activation du compte
settings-mail-kind-invitation = Invitation
settings-mail-kind-share-link = Lien de partage d’un dossier
settings-mail-kind-password-changed = Mot de passe modifié
settings-mail-kind-registration-link = Lien d’inscription
flash-settings-template-saved = Le modèle est enregistré.
flash-settings-template-reset = Le modèle par défaut s’applique de nouveau.

## E-mails non distribués

settings-undelivered-intro = Frontdesk a renoncé à ces messages après plusieurs tentatives. Corrigez la cause (souvent l’adresse), puis renvoyez-les.
settings-undelivered-none = Tous les e-mails ont été distribués.
settings-undelivered-to = Destinataire
settings-undelivered-queued = Mis en file
settings-undelivered-attempts = Tentatives
settings-undelivered-error = Dernière erreur
settings-undelivered-no-error = Aucune erreur n’a été enregistrée.
settings-undelivered-retry = Renvoyer
settings-undelivered-retry-named = Renvoyer l’e-mail à { $to }
flash-settings-mail-retried = L’e-mail est de nouveau en file d’envoi.
flash-settings-mail-retry-gone = Cet e-mail n’est plus en échec : rien à renvoyer.

## Journal d’audit

settings-audit-actor = Qui
settings-audit-anyone = Tout le monde
settings-audit-action = Action
settings-audit-from = Du
settings-audit-to = Au
settings-audit-filter = Filtrer
settings-audit-when = Quand
settings-audit-subject = Objet
settings-audit-detail = Détail
settings-audit-system = Système
settings-audit-none = Aucun événement ne correspond.
settings-audit-older = Événements plus anciens
settings-audit-error-actor = Choisissez une personne dans la liste.
settings-audit-error-date = Saisissez une date au format AAAA-MM-JJ.
