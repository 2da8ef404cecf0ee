## La console de l'équipe : cadre et navigation

nav-dashboard = Tableau de bord
nav-cases = Dossiers
nav-contacts = Contacts
nav-forms = Formulaires
nav-settings = Paramètres
nav-main = Navigation principale
signed-in-as = Connecté en tant que { $name }
sign-out = Se déconnecter
language-switch = Langue
language-save = Changer de langue

## Tableau de bord

dashboard-title = Tableau de bord
dashboard-open-cases = { $count ->
    [one] dossier ouvert
   *[other] dossiers ouverts
}

dashboard-mail-waiting = { $count ->
    [one] e-mail en attente d’envoi
   *[other] e-mails en attente d’envoi
}
dashboard-mail-dead = { $count ->
    [one] e-mail non distribué
   *[other] e-mails non distribués
}
dashboard-share-links = { $count ->
    [one] lien de partage actif
   *[other] liens de partage actifs
}
dashboard-new-per-day = Nouveaux dossiers par jour, 30 derniers jours
dashboard-day-bar = { $date } : { $count ->
    [one] 1 nouveau dossier
   *[other] { $count } nouveaux dossiers
}
dashboard-by-status = Dossiers ouverts par statut
dashboard-by-form = Dossiers ouverts par formulaire
dashboard-count = Dossiers
dashboard-no-open-cases = Aucun dossier ouvert.

## Vocabulaire des dossiers

case-status = Statut
case-form = Formulaire
status-new = Nouveau
status-open = Ouvert
status-pending = En attente
status-resolved = Résolu
status-closed = Clos

## Textes communs de la console

skip-to-content = Aller au contenu
language-en = English
language-fr = Français
forbidden-title = Non accessible
forbidden-text = Vos profils ne donnent pas accès à cette partie de la console. Un administrateur peut le modifier.
back-to-dashboard = Retour au tableau de bord
not-found-title = Introuvable
not-found-text = Il n’y a rien ici : l’élément a peut-être été supprimé, ou l’adresse est erronée.
flash-form-expired = Ce formulaire a expiré avant l’envoi. Rien n’a été modifié ; veuillez réessayer.
flash-language-saved = Votre langue est enregistrée.
flash-language-unknown = Cette langue n’est pas disponible.
