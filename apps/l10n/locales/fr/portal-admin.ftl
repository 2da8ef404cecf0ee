## L'administration des utilisateurs du portail (/staff/portal-users) et les réglages du portail

portal-admin-title = Utilisateurs du portail
portal-admin-hint = Les personnes qui se connectent au portail client : renvoyer une activation, retirer l'accès.
portal-admin-intro = Toutes les personnes ayant un accès à votre portail client. Les utilisateurs en attente n'ont pas encore activé leur compte.
portal-admin-search = Rechercher des utilisateurs du portail
portal-admin-search-label = Rechercher par nom ou e-mail
portal-admin-state-label = État
portal-admin-state-any = Tous les états
portal-admin-state-pending = En attente
portal-admin-state-active = Actif
portal-admin-state-disabled = Désactivé
portal-admin-search-button = Rechercher
portal-admin-none = Aucun utilisateur du portail ne correspond.
portal-admin-col-name = Nom
portal-admin-col-email = E-mail
portal-admin-col-state = État
portal-admin-col-actions = Actions
portal-admin-resend = Renvoyer l'activation
portal-admin-resend-for = Renvoyer l'activation à { $name }
portal-admin-remove = Retirer
portal-admin-remove-for = Retirer { $name }
portal-admin-pages = Pages d'utilisateurs du portail
portal-admin-next = Page suivante
portal-admin-remove-title = Retirer { $name } ?
portal-admin-remove-text = { $email } ne pourra plus se connecter au portail : ses sessions se terminent, ses accès aux dossiers sont révoqués et ses liens avec ses clients sont supprimés. Ses dossiers et ses clients restent tels quels.
portal-admin-remove-confirm = Retirer
portal-admin-remove-cancel = Annuler
portal-admin-removed = { $name } retiré : { $sessions ->
        [one] { $sessions } session terminée
       *[other] { $sessions } sessions terminées
    }, { $grants ->
        [one] { $grants } accès révoqué
       *[other] { $grants } accès révoqués
    }, { $client_links ->
        [one] { $client_links } lien client supprimé
       *[other] { $client_links } liens clients supprimés
    }, { $tokens ->
        [one] { $tokens } lien annulé
       *[other] { $tokens } liens annulés
    }.
flash-portal-admin-resent = L'e-mail d'activation est en route.
flash-portal-admin-gone = Cet utilisateur du portail a déjà été retiré.

## The customer portal's settings (/staff/settings/portal)

portal-settings-title = Portail client
portal-settings-hint = Qui peut utiliser le portail, son titre, sa couleur, son logo et les formulaires que ses utilisateurs peuvent envoyer.
portal-settings-intro = Votre portail client se trouve à l’adresse { $url }. Son titre, sa couleur et son logo s’affichent aussi sur vos formulaires publics, vos pages d’inscription et vos pages de dossier.
portal-settings-mode = Qui peut utiliser le portail
portal-settings-mode-off = Désactivé
portal-settings-mode-off-hint = Personne ne peut se connecter au portail.
portal-settings-mode-private = Privé
portal-settings-mode-private-hint = Seules les personnes que vous invitez, ou qui utilisent l’un de vos liens d’inscription, peuvent se connecter.
portal-settings-mode-public = Public
portal-settings-mode-public-hint = Tout le monde peut s’inscrire depuis la page de connexion du portail.
portal-settings-portal-title = Titre du portail
portal-settings-portal-title-hint = 120 caractères au plus. Laissez vide pour afficher le nom de l’organisation.
portal-settings-colour = Couleur de la marque
portal-settings-logo = URL du logo
portal-settings-forms = Formulaires que les utilisateurs du portail peuvent envoyer
portal-settings-forms-none = L’organisation n’a pas encore de formulaire.
portal-settings-save = Enregistrer les réglages du portail
portal-settings-addresses = Adresses du portail
portal-settings-addresses-hint = Communiquez-les aux personnes qui doivent s’inscrire ou se connecter.
portal-settings-signup-url = Adresse d’inscription
portal-settings-login-url = Adresse de connexion
portal-settings-copy = Copier
portal-settings-copy-named = Copier : { $what }
portal-settings-copied = Copié
portal-settings-error-mode = Choisissez Désactivé, Privé ou Public.
portal-settings-error-title = Saisissez un titre de 120 caractères au plus, sur une seule ligne, ou laissez le champ vide.
portal-settings-error-forms-unknown = Ces formulaires n’existent plus : { $forms }. Rechargez la page et choisissez à nouveau.
portal-settings-error-forms-too-many = Un portail propose au plus { $max } formulaires.
flash-portal-settings-saved = Réglages du portail enregistrés.
