## Console : formulaires de dépôt (liste, création, modification)

forms-title = Formulaires
forms-intro = Chaque formulaire est une page publique où l’on ouvre des dossiers. Choisissez ses champs, sa langue, qui est prévenu et ses modules complémentaires.
forms-new = Nouveau formulaire
forms-none = Aucun formulaire pour l’instant.
forms-column-name = Nom
forms-column-slug = Nom d’adresse
forms-column-language = Langue par défaut
forms-column-share = Partage public des dossiers
forms-column-public = Formulaire public
forms-on = Activé
forms-off = Désactivé
forms-open-public = Ouvrir le formulaire public

## Création d’un formulaire

forms-new-title = Nouveau formulaire
forms-new-intro = Le nouveau formulaire reprend les champs standard ; vous pourrez les modifier ensuite.
forms-name = Nom
forms-name-hint = Le titre du formulaire public.
forms-slug = Nom d’adresse
forms-slug-hint = 1 à 40 lettres minuscules, chiffres et traits d’union isolés, par exemple « support » : le formulaire public sera alors à l’adresse { $path }support. Il ne pourra plus être modifié.
forms-default-language = Langue par défaut
forms-default-language-hint = La langue du formulaire public et des dossiers qu’il crée.
forms-create = Créer le formulaire
forms-errors = Certains réglages sont à corriger. Rien n’a été enregistré.

## Modification d’un formulaire

forms-edit-title = Formulaire « { $name } »
forms-public-address = Adresse publique
forms-general = Général
forms-fields = Champs
forms-fields-hint = Choisissez les champs affichés par le formulaire public, leur ordre et leur section. Le prénom, le nom et l’e-mail sont toujours affichés et obligatoires. Les sections « contact » et « case » sont affichées traduites.
forms-field = Champ
forms-show = Afficher
forms-required = Obligatoire
forms-order = Ordre
forms-section = Section
forms-move = Déplacer
forms-move-up = Monter le champ « { $field } »
forms-move-down = Descendre le champ « { $field } »
forms-always = Toujours
forms-show-field = Afficher le champ « { $field } »
forms-required-field = Champ « { $field } » obligatoire
forms-order-field = Ordre du champ « { $field } »
forms-section-field = Section du champ « { $field } »
forms-field-first_name = Prénom
forms-field-last_name = Nom
forms-field-email = E-mail
forms-field-phone = Téléphone
forms-field-address = Adresse postale
forms-field-title = Titre du dossier
forms-field-project = Projet
forms-field-description = Description
forms-field-priority = Priorité
forms-guest-edit = Les invités peuvent modifier leur dossier lorsqu’il est
forms-guest-edit-hint = Dans les autres statuts, les invités peuvent toujours le consulter et le commenter.
forms-notifications = Notifications
forms-notify-contacts = Prévenir les contacts par e-mail de l’activité sur leurs dossiers
forms-addons = Modules complémentaires
forms-share-addon = Partage public des dossiers
forms-share-addon-hint = Les membres autorisés à partager des dossiers publiquement peuvent créer un lien en lecture seule vers un dossier de ce formulaire. Les destinataires voient le dossier sans se connecter, dans la langue de sa création.
forms-save = Enregistrer le formulaire

## Erreurs

forms-error-slug = Un nom d’adresse comporte 1 à 40 lettres minuscules, chiffres et traits d’union isolés.
forms-error-slug-reserved = Ce nom d’adresse est réservé à la console. Choisissez-en un autre.
forms-error-slug-taken = Un formulaire porte déjà ce nom d’adresse.
forms-error-name = Un nom comporte 1 à 200 caractères sur une seule ligne.
forms-error-language = Choisissez l’une des langues proposées.
forms-error-section = Un nom de section comporte 1 à 100 caractères sur une seule ligne.
forms-error-order = Saisissez un nombre entier de 1 à 999.
forms-error-fields = Cette liste de champs n’est pas valide.

## Messages après une action

flash-forms-created = Le formulaire a été créé. Choisissez ses champs et ses réglages ci-dessous.
flash-forms-saved = Le formulaire a été enregistré.
