## Console : clients (entreprises clientes) : liste et recherche, création, page du client ;
## le client d’un dossier et son caractère public

nav-clients = Clients

clients-title = Clients
clients-new = Nouveau client
clients-search = Rechercher des clients
clients-search-label = Rechercher par nom
clients-search-button = Rechercher
clients-count = { $count ->
    [one] { $count } client
   *[other] { $count } clients
}
clients-none = Aucun client pour l’instant.
clients-none-matching = Aucun client ne correspond à « { $query } ».
clients-column-name = Nom
clients-column-created = Créé le
clients-pages = Pages
clients-previous = Page précédente
clients-next = Page suivante
clients-page-of = Page { $page } sur { $pages }

## Création d’un client

clients-new-title = Nouveau client
clients-new-intro = Un client est une entreprise cliente. Ses contacts et ses dossiers lui appartiennent, et ses utilisateurs contacts peuvent recevoir l’accès à ses dossiers.
clients-name = Nom
clients-name-hint = 200 caractères au plus. Deux clients peuvent porter le même nom.
clients-create = Créer le client
clients-errors = Certains champs demandent votre attention. Rien n’a été enregistré.
error-client-name = Saisissez un nom de 1 à 200 caractères sur une ligne.

## La page du client

clients-back-to-list = Tous les clients
clients-details = Détails
clients-save = Enregistrer
clients-contacts = Contacts
clients-no-contacts = Aucun contact ne travaille encore pour ce client.
clients-cases = Dossiers
clients-case-count = { $count ->
    [one] { $count } dossier
   *[other] { $count } dossiers
}
clients-no-cases = Ce client n’a pas encore de dossier.
clients-more-cases = Tous les dossiers de ce client
clients-new-contact = Nouveau contact pour ce client
clients-contact-users = Utilisateurs contacts
flash-client-created = Client créé.
flash-client-saved = Client enregistré.

## Le client d’un dossier et son caractère public (panneau Détails de la page du dossier)

case-client = Client
case-no-client = Aucun client
case-public = Dossier public
case-public-hint = Un dossier public est visible des utilisateurs contacts du client qui ont accès à tous ses dossiers publics.
case-public-badge = Dossier public
contacts-error-client = Choisissez un client de cette organisation, ou aucun.
flash-client-unknown = Ce client n’existe pas dans cette organisation. Rien n’a été enregistré.
timeline-client-changed = Rattaché à un autre client
timeline-client-removed = Détaché de son client
timeline-made-public = Devenu un dossier public
timeline-made-private = N’est plus un dossier public
