## Contact users' pages under /o/{org}/: sign-in, passwords, their cases

portal-skip = Aller au contenu
portal-nav = Votre compte
portal-signed-in-as = Connecté en tant que { $name }
portal-sign-out = Se déconnecter
portal-form-expired = Ce formulaire a expiré. Veuillez réessayer.
portal-busy = Le serveur est occupé. Réessayez dans un instant.
portal-not-found-title = Page introuvable
portal-not-found-text = Il n’y a rien à cette adresse, ou vous n’y avez pas accès.
portal-back-home = Retour à vos dossiers
portal-back-to-sign-in = Retour à la connexion
portal-error-title = Un problème est survenu
portal-error-text = Le problème a été enregistré. Veuillez réessayer dans quelques minutes.

## Sign-in
portal-login-title = Connexion
portal-login-intro = Connectez-vous pour suivre vos dossiers auprès de { $organisation }.
portal-login-login = Identifiant ou adresse e-mail
portal-login-password = Mot de passe
portal-login-submit = Se connecter
portal-login-forgot = Mot de passe oublié ?
portal-login-wrong = L’identifiant, l’adresse e-mail ou le mot de passe est incorrect.
portal-login-throttled = Trop de tentatives. Attendez quelques minutes avant de réessayer.
portal-login-expired-title = Votre mot de passe temporaire a expiré
portal-login-expired-text = Les mots de passe temporaires ne sont valables que peu de temps. Demandez-en un nouveau à { $organisation }, ou utilisez « Mot de passe oublié ? » pour choisir le vôtre.
portal-signed-out = Vous êtes déconnecté.

## Changing the password
portal-password-title = Changer votre mot de passe
portal-password-forced = Vous vous êtes connecté avec un mot de passe temporaire. Choisissez votre propre mot de passe pour continuer.
portal-password-current = Mot de passe actuel
portal-password-new = Nouveau mot de passe
portal-password-repeat = Répétez le nouveau mot de passe
portal-password-rules = Au moins 8 caractères. Les longues phrases sont les meilleures ; les mots de passe très courants sont refusés.
portal-password-submit = Changer le mot de passe
portal-password-mismatch = Les deux nouveaux mots de passe ne sont pas identiques.
portal-password-wrong-current = Le mot de passe actuel est incorrect.
portal-password-too-short = Le nouveau mot de passe est trop court : utilisez au moins 8 caractères.
portal-password-too-long = Le nouveau mot de passe est trop long.
portal-password-common = Ce mot de passe est trop courant. Choisissez-en un autre.
portal-password-same = Choisissez un mot de passe différent de l’actuel.
portal-password-changed = Votre mot de passe a été changé.

## Forgotten password
portal-forgot-title = Mot de passe oublié ?
portal-forgot-intro = Indiquez votre identifiant ou votre adresse e-mail. S’ils correspondent à un compte, nous vous envoyons un lien pour choisir un nouveau mot de passe. Le lien est valable une heure.
portal-forgot-login = Identifiant ou adresse e-mail
portal-forgot-submit = M’envoyer un lien
portal-forgot-sent-title = Consultez vos e-mails
portal-forgot-sent = Si ces informations correspondent à un compte, un lien pour choisir un nouveau mot de passe est en route. Il est valable une heure.

## One-time password links (/a/…)
portal-link-title = Choisissez votre mot de passe
portal-link-for = Pour { $login } chez { $organisation }.
portal-link-submit = Enregistrer le mot de passe
portal-link-expired-title = Ce lien a expiré
portal-link-expired-text = Pour votre sécurité, les liens de mot de passe ne sont valables que peu de temps. Demandez-en un nouveau depuis la page de connexion.
portal-link-used-title = Ce lien a déjà été utilisé
portal-link-used-text = Chaque lien de mot de passe ne fonctionne qu’une fois. Connectez-vous avec le mot de passe choisi, ou demandez un nouveau lien depuis la page de connexion.

## Home: the user's cases
portal-home-title = Vos dossiers
portal-tabs = Dossiers par état
portal-tab-open = En cours
portal-tab-closed = Clos
portal-search-label = Rechercher par numéro ou titre
portal-search-submit = Rechercher
portal-col-number = Numéro
portal-col-title = Titre
portal-col-status = Statut
portal-col-updated = Dernière mise à jour
portal-home-count = { $count ->
    [one] Un dossier
   *[other] { $count } dossiers
}
portal-home-empty-open = Vous n’avez aucun dossier en cours.
portal-home-empty-closed = Vous n’avez aucun dossier clos.
portal-home-no-match = Aucun dossier ne correspond à « { $text } ».
portal-pages = Pages
portal-page-of = Page { $page } sur { $pages }
portal-previous = Précédente
portal-next = Suivante

## A case
portal-case-status = Statut
portal-case-details = Détails
portal-case-subject = Objet
portal-case-description = Description
portal-case-project = Projet
portal-case-priority = Priorité
portal-case-conversation = Échanges
portal-case-nothing = Rien pour l’instant.
portal-case-comment = Ajouter un commentaire
portal-case-send = Publier
portal-case-edit = Modifier le dossier
portal-case-save = Enregistrer
portal-case-not-editable = Ce dossier ne peut plus être modifié. Vous pouvez toujours ajouter un commentaire.
portal-case-viewer = Vous pouvez consulter ce dossier et le commenter.
portal-case-editor = Vous pouvez consulter ce dossier, le commenter et le modifier.
portal-author-you = Vous
portal-author-staff = Équipe support
portal-author-contact = Un autre contact
portal-event-created = Dossier créé
portal-event-status = Statut modifié : { $from } → { $to }
portal-event-field = Modification de { $field } : { $to }

## Un nouveau dossier
portal-new-case = Nouveau dossier
portal-new-case-with = Nouveau dossier : { $form }
portal-new-case-title = Nouveau dossier
portal-new-case-choose = De quel type de demande s’agit-il ?
portal-new-case-as = Vous l’envoyez en tant que { $name }. Nous vous répondrons ici et par e-mail.
portal-new-case-fix = Veuillez corriger les champs signalés ci-dessous.
portal-new-case-submit = Envoyer
portal-new-case-conflict = Ce formulaire a déjà été envoyé avec un autre contenu. Consultez vos dossiers, ou envoyez celui-ci à nouveau.
