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
    [one] 1 dossier ouvert
   *[other] { $count } dossiers ouverts
}
