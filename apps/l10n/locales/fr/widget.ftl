## Le formulaire sur le site de l'organisation : le widget et le formulaire intégré, et
## leurs réglages dans la console

widget-security-hint = Vérifié automatiquement à l'envoi du formulaire.
widget-verifying = Vérification que vous n'êtes pas un robot…
widget-security-done = Vérifié.
widget-failed = Le formulaire n'a pas pu être envoyé. Vérifiez votre connexion et réessayez.

embed-settings-title = Formulaires sur votre site
embed-settings-hint = Les sites qui peuvent afficher vos formulaires.
embed-settings-intro = Vos formulaires peuvent apparaître sur votre propre site, dans un cadre ou dessinés par un script. Seuls les sites listés ici peuvent les afficher ou envoyer des dossiers par leur biais.
embed-settings-origins = Sites autorisés à intégrer vos formulaires
embed-settings-origins-hint = Une adresse par ligne, par exemple https://www.exemple.fr (schéma, hôte et port seulement). Au plus { $max }. Laissez vide pour n'en autoriser aucun.
embed-settings-save = Enregistrer les sites
embed-settings-error-origin = Ligne { $line } : { $message }
embed-settings-error-too-many = Au plus { $max } sites peuvent intégrer vos formulaires.
flash-embed-settings-saved = Sites enregistrés.
embed-snippets-title = Sur votre site
embed-snippets-none = Seuls les sites listés sous Formulaires sur votre site peuvent afficher ce formulaire ou envoyer des dossiers par son biais :
embed-snippet-iframe = Dans un cadre
embed-snippet-iframe-hint = Collez-le là où le formulaire doit apparaître. Le cadre s'agrandit avec le formulaire.
embed-snippet-script = Dessiné par un script
embed-snippet-script-hint = Collez-le là où le formulaire doit apparaître. Les styles de votre site ne le modifient pas.
embed-snippet-copy = Copier
embed-snippet-copy-named = Copier { $what }
embed-snippet-copied = Copié
