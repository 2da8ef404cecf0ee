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
