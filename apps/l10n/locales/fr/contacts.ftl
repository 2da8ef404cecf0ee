## Console : contacts (liste et recherche, création, fiche du contact)

contacts-title = Contacts
contacts-new = Nouveau contact
contacts-search = Rechercher des contacts
contacts-search-label = Rechercher par nom ou adresse e-mail
contacts-search-button = Rechercher
contacts-count = { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
contacts-none = Aucun contact pour l’instant.
contacts-none-matching = Aucun contact ne correspond à « { $query } ».
contacts-column-name = Nom
contacts-column-email = E-mail
contacts-column-phone = Téléphone
contacts-pages = Pages
contacts-previous = Page précédente
contacts-next = Page suivante
contacts-page-of = Page { $page } sur { $pages }

## Création d’un contact

contacts-new-title = Nouveau contact
contacts-new-intro = Un contact est une personne extérieure à l’organisation. Il suit ses dossiers par e-mail, sans compte.
contacts-first-name = Prénom
contacts-last-name = Nom
contacts-email = E-mail
contacts-phone = Téléphone
contacts-address = Adresse postale
contacts-optional = facultatif
contacts-create = Créer le contact
contacts-errors = Certains champs sont à corriger. Rien n’a été enregistré.
contacts-exists = Un contact avec cette adresse e-mail existe déjà. Rien n’a été enregistré.
contacts-exists-link = Ouvrir la fiche de { $name }

## Fiche du contact

contacts-profile = Profil public
contacts-no-phone = Pas de numéro de téléphone
contacts-cases = Dossiers
contacts-no-cases = Ce contact n’a pas encore de dossier.
contacts-case-number = Numéro
contacts-case-title = Titre
contacts-case-status = Statut
contacts-more-cases = Plus de dossiers
contacts-email-panel = Écrire au contact
contacts-email-intro = Frontdesk envoie votre message à { $email }.
contacts-email-subject = Objet
contacts-email-message = Message
contacts-email-send = Envoyer l’e-mail
contacts-email-limited = Ce contact vient de recevoir un e-mail. Rien n’a été envoyé : patientez { $seconds } secondes puis renvoyez.
contacts-associate-panel = Associer à un dossier
contacts-associate-case = Numéro du dossier
contacts-associate-hint = Le numéro affiché sur le dossier, par exemple 42 ou #42.
contacts-associate-send-access = Lui envoyer aussi un lien pour suivre le dossier
contacts-associate-submit = Associer au dossier
contacts-associate-limited = Ce contact vient de recevoir un e-mail. Rien n’a été modifié : patientez { $seconds } secondes puis réessayez.

## Erreurs de saisie

contacts-error-required = Ce champ est obligatoire.
contacts-error-name-too-long = Un nom comporte au plus 200 caractères.
contacts-error-control-characters = Ce champ ne peut pas contenir de retours à la ligne ni de caractères de contrôle.
contacts-error-email = Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.
contacts-error-email-line-break = Une adresse e-mail ne peut pas contenir de retours à la ligne ni de caractères de contrôle.
contacts-error-phone = Un numéro de téléphone comporte 3 à 40 caractères : chiffres, espaces et + ( ) - . /
contacts-error-address = Une adresse comporte 1 à 500 caractères.
contacts-error-invalid = Cette valeur n’est pas valide.
contacts-error-subject = Un objet comporte 1 à 200 caractères sur une seule ligne.
contacts-error-body = Un message comporte 1 à 10 000 caractères.
contacts-error-case-number = Saisissez un numéro de dossier, par exemple 42.
contacts-error-case-unknown = Il n’y a pas de dossier { $number }.

## Messages après une action

flash-contacts-created = Le contact a été créé.
flash-contacts-emailed = Votre message est en route.
flash-contacts-associated = Le contact est maintenant associé au dossier.
