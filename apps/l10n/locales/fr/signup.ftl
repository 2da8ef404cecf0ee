## Inscription (liens d’inscription /r/…, /o/{org}/signup du portail public) et activation

signup-title = Créer votre compte
signup-intro = Créez votre compte auprès de { $organisation }. Nous vous enverrons par e-mail un lien pour l’activer.
signup-first-name = Prénom
signup-last-name = Nom
signup-email = E-mail
signup-password = Mot de passe
signup-password-rules = Au moins 8 caractères. Les phrases longues sont les meilleures ; les mots de passe très courants sont refusés.
signup-security-check = Vérification de sécurité
signup-submit = Créer mon compte
signup-fix-errors = Veuillez corriger les champs signalés ci-dessous.
signup-invalid-first_name = Saisissez votre prénom (100 caractères au plus, sur une ligne).
signup-invalid-last_name = Saisissez votre nom (100 caractères au plus, sur une ligne).
signup-invalid-email = Saisissez une adresse e-mail valide, comme nom@exemple.fr.
signup-captcha-failed = La vérification de sécurité a échoué. Veuillez réessayer.
signup-domain-not-allowed = Ce lien d’inscription n’accepte que les adresses e-mail de certains domaines. Utilisez votre adresse professionnelle ou demandez à la personne qui vous a envoyé le lien.
signup-have-account = Vous avez déjà un compte ?
signup-sign-in = Se connecter
signup-link = S’inscrire

signup-sent-title = Consultez vos e-mails
signup-sent-text = Si l’adresse peut être utilisée, nous vous avons envoyé un e-mail. Suivez le lien qu’il contient pour terminer, dans les 24 heures. Pas d’e-mail après quelques minutes ? Regardez dans vos courriers indésirables, ou inscrivez-vous à nouveau.

signup-closed-title = Ce lien d’inscription ne fonctionne plus
signup-closed-used-up = Il a été utilisé autant de fois qu’il le permet.
signup-closed-expired = Il a expiré.
signup-closed-revoked = Il a été retiré.
signup-closed-off = Les inscriptions sont fermées pour le moment.
signup-closed-next = Demandez un nouveau lien à { $organisation }.

activation-title = Activer votre compte
activation-text = Activez le compte de { $email } auprès de { $organisation }. Vous serez connecté aussitôt.
activation-submit = Activer mon compte
activation-expired-title = Ce lien d’activation a expiré
activation-expired-text = Les liens d’activation fonctionnent 24 heures. Inscrivez-vous à nouveau pour en recevoir un nouveau, ou demandez à { $organisation }.
activation-closed-title = Ce compte n’a pas pu être activé
activation-closed-text = Le lien d’inscription utilisé a été fermé avant l’activation du compte (il a pu être épuisé entre-temps). Demandez un nouveau lien à { $organisation }.
staff-activation-expired-text = Les liens d’activation fonctionnent 24 heures. Demandez à { $organisation } d’activer votre compte : un administrateur peut le faire.

invitation-title = Acceptez votre invitation
invitation-intro = Vous avez été invité à suivre vos dossiers auprès de { $organisation } avec l’adresse { $email }. Saisissez votre nom et choisissez un mot de passe ; vous serez connecté aussitôt.
invitation-submit = Créer mon compte
invitation-expired-title = Cette invitation a expiré
invitation-expired-text = Les invitations fonctionnent 7 jours. Demandez à { $organisation } de vous inviter à nouveau.

## Le type de mail, tel que les réglages des mails le nomment
settings-mail-kind-account-exists = Vous avez déjà un compte
