## La console : la liste des dossiers et la page d’un dossier

## Vocabulaire des dossiers (case-status et case-form sont dans console.ftl)

case-number = Numéro
case-title = Titre
case-description = Description
case-priority = Priorité
case-project = Projet
case-contact = Contact
case-contacts = Contacts
case-assignee = Responsable
case-created = Créé le
case-updated = Mis à jour le
case-unassigned = Non attribué
case-someone = Un ancien membre de l’équipe
priority-low = Basse
priority-normal = Normale
priority-high = Haute
priority-urgent = Urgente

## La liste des dossiers

cases-title = Dossiers
cases-search = Rechercher
cases-search-hint = Un numéro de dossier, des mots du titre, ou le nom ou l’adresse e-mail d’un contact.
cases-search-placeholder = Numéro, titre ou contact
cases-any = Tous
cases-any-priority = Toutes
cases-assignee-anyone = Tout le monde
cases-assignee-me = Moi
cases-sort = Trier par
cases-sort-newest = Les plus récents d’abord
cases-sort-oldest = Les plus anciens d’abord
cases-sort-updated = Modifiés récemment
cases-sort-priority = Les plus urgents d’abord
cases-sort-title = Titre, de A à Z
cases-apply = Rechercher
cases-clear = Effacer la recherche et les filtres
cases-range = { $first }–{ $last } sur { $total }
cases-none = Il n’y a encore aucun dossier.
cases-none-match = Aucun dossier ne correspond à cette recherche.
cases-page-empty = Il n’y a aucun dossier sur cette page.
cases-pages = Pages de dossiers
cases-previous = Page précédente
cases-next = Page suivante

## La page d’un dossier

case-page-title = Dossier { $number } : { $title }
case-back-to-list = Retour aux dossiers
case-summary = Résumé
case-panel-details = Détails
case-panel-contacts = Contacts
case-panel-timeline = Historique
case-panel-status = Statut
case-panel-assignee = Responsable
case-panel-guest = Accès invité
case-save = Enregistrer les modifications
case-no-description = Pas de description.
case-contacts-none = Aucun contact pour l’instant.
case-contact-add = Ajouter un contact
case-contact-search = Chercher un contact par nom ou adresse e-mail
case-contact-search-button = Chercher
case-contact-choose = Contact à ajouter
case-contact-send-access = Lui envoyer aussi par e-mail un lien pour suivre le dossier
case-contact-add-button = Ajouter au dossier
case-contact-no-match = Aucun autre contact ne correspond à cette recherche.
case-contact-none-yet = Il n’y a pas encore d’autre contact à ajouter.
case-status-new = Nouveau statut
case-status-comment = Commentaire pour les contacts (facultatif)
case-status-hint = Les contacts qui suivent le dossier sont prévenus par e-mail, avec ce commentaire.
case-status-submit = Changer le statut
case-assign = Attribuer
case-guest-hint = Les contacts suivent le dossier grâce à un lien personnel reçu par e-mail. Envoyer de nouveaux liens désactive les anciens ; révoquer les désactive tous.
case-guest-reissue = Envoyer de nouveaux liens invité
case-guest-revoke = Révoquer les liens invité

## L’historique

timeline-empty = Il ne s’est encore rien passé.
timeline-internal = Note interne
timeline-staff = Un membre de l’équipe
timeline-contact = Un contact
timeline-system = Frontdesk
timeline-created = Dossier créé.
timeline-status = Statut passé de « { $from } » à « { $to } ».
timeline-field = { $field } : { $from } → { $to }
timeline-description = Description modifiée
timeline-empty-value = (vide)
timeline-assigned = Attribué à { $name }.
timeline-unassigned = N’est plus attribué.
reply-label = Réponse
reply-visibility = Qui peut la voir
reply-public = Réponse publique
reply-public-hint = Les contacts du dossier la voient et sont prévenus par e-mail.
reply-internal = Note interne
reply-internal-hint = Seule l’équipe la voit.
reply-submit = Ajouter à l’historique

## Partager le dossier publiquement

share-panel = Partager le dossier publiquement
share-options = Options du nouveau lien
share-label = Libellé (facultatif)
share-days = Expire après (jours)
share-days-hint = { $default } jours si vous ne choisissez pas ; { $max } au plus.
share-max-views = Nombre de consultations maximal (facultatif)
share-max-views-hint = Combien de fois le dossier peut être ouvert avec ce lien.
share-password = Mot de passe (facultatif)
share-password-hint = Au moins 8 caractères. Communiquez-le au destinataire par un autre moyen.
share-create = Créer un nouveau partage
share-new-title = Nouveau lien de partage
share-url = Lien
share-url-hint = Copiez-le maintenant : par sécurité, il n’est affiché qu’une seule fois.
share-copy = Copier le lien
share-copied = Copié
share-email = Envoyer ce lien par e-mail
share-mailto-hint = Ouvre votre logiciel de messagerie.
share-email-through = Ou l’envoyer via Frontdesk
share-email-to = Adresse e-mail du destinataire
share-email-message = Message au-dessus du lien (facultatif)
share-links = Liens
share-links-none = Ce dossier n’a pas encore été partagé.
share-col-label = Lien
share-col-created = Créé le
share-col-expires = Expire le
share-col-views = Consultations
share-col-password = Mot de passe
share-col-state = État
share-col-actions = Actions
share-views-of = { $views } sur { $max }
share-yes = Oui
share-no = Non
share-state-active = Actif
share-state-expired = Expiré
share-state-revoked = Révoqué
share-state-used-up = Épuisé
share-unlabelled = Lien du { $created }
share-revoke = Révoquer
share-revoke-named = Révoquer { $label }
share-log = Journal des consultations
share-log-none = Personne n’a encore ouvert de lien.
share-log-when = Quand
share-log-agent = Navigateur
share-log-visitor = Visiteur (empreinte de l’adresse)

## Erreurs de saisie

error-title = Saisissez un titre : une ligne de 200 caractères au plus.
error-description = Cette description est trop longue ou contient des caractères qui ne peuvent pas être conservés.
error-project = Un projet tient sur une ligne de 200 caractères au plus.
error-body = Écrivez un message de 1 à 10 000 caractères.
error-contact = Choisissez un contact dans la liste.
error-share-label = Un libellé tient sur une ligne de 200 caractères au plus.
error-share-days = Saisissez un nombre de jours entre 1 et { $max }.
error-share-max-views = Saisissez un nombre de consultations d’au moins 1, ou laissez vide.
error-share-password = Utilisez de 8 à 128 caractères, et pas un mot de passe courant.
error-email-to = Saisissez une adresse e-mail valide, comme nom@exemple.fr.
error-share-message = Un message compte 2 000 caractères au plus, sans caractères de contrôle.

## Messages après une action

flash-case-saved = Les détails sont enregistrés.
flash-reply-added = Votre réponse figure dans l’historique ; les contacts sont prévenus par e-mail.
flash-note-added = Votre note interne figure dans l’historique.
flash-status-changed = Le statut a changé ; les contacts sont prévenus par e-mail.
flash-status-unknown = Ce statut n’existe pas. Rien n’a été modifié.
flash-assignee-saved = Le responsable est enregistré.
flash-assignee-unknown = Cette personne ne peut pas être désignée : elle n’est pas membre actif de l’équipe. Rien n’a été modifié.
flash-contact-added = Le contact est ajouté au dossier.
flash-contact-added-invited = Le contact est ajouté au dossier et recevra un lien par e-mail.
flash-contact-not-found = Ce contact n’existe plus. Rien n’a été modifié.
flash-recipient-limited = Cette personne vient de recevoir un e-mail. Rien n’a été envoyé ; réessayez dans une minute.
flash-guest-reissued = De nouveaux liens invité sont en route ; les anciens ne fonctionnent plus.
flash-guest-revoked = Les liens invité ne fonctionnent plus.
flash-share-mailed = Le lien est en route.
flash-share-revoked = Le lien ne fonctionne plus.
flash-share-unavailable = Ce dossier ne peut pas être partagé publiquement : le partage est désactivé pour son formulaire, ou votre profil ne le permet pas.
flash-share-url-wrong = Ce n’est pas l’adresse de ce lien. Rien n’a été envoyé.
flash-share-link-closed = Ce lien ne fonctionne plus (expiré, révoqué ou épuisé). Créez-en un nouveau.
flash-busy = Le serveur est occupé. Rien n’a été modifié ; réessayez dans un instant.
