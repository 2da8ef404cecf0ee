## Page de connexion du personnel

sign-in-title = Connexion du personnel
sign-in-organisation = Organisation
sign-in-email = E-mail
sign-in-password = Mot de passe
sign-in-submit = Se connecter
sign-in-expired = Ce formulaire a expiré. Veuillez réessayer.
sign-in-wrong = L’organisation, l’e-mail ou le mot de passe est incorrect.
sign-in-throttled = Trop de tentatives de connexion échouées. Patientez quelques minutes puis réessayez.
sign-in-busy = Le serveur est occupé. Réessayez dans un instant.
sign-in-forgot = Mot de passe oublié ?

## Page « Mot de passe oublié ? » du personnel

staff-forgot-title = Mot de passe oublié ?
staff-forgot-intro = Indiquez votre organisation et l’adresse e-mail avec laquelle vous vous connectez. Nous vous enverrons un lien pour choisir un nouveau mot de passe.
staff-forgot-submit = M’envoyer un lien
staff-forgot-back = Retour à la connexion
staff-forgot-throttled = Trop de demandes depuis votre réseau. Patientez quelques minutes puis réessayez.
staff-forgot-sent-title = Consultez vos e-mails
staff-forgot-sent = Si un compte existe pour cette adresse dans cette organisation, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien ne fonctionne qu’une fois et pendant une durée limitée.
