## The intake form on the organisation's own website: the widget and the embedded form,
## and the console's settings for them

widget-security-hint = Checked automatically when you send the form.
widget-verifying = Checking that you are not a robot…
widget-security-done = Checked.
widget-failed = The form could not be sent. Check your connection and try again.

embed-settings-title = Forms on your website
embed-settings-hint = Which websites may show your forms.
embed-settings-intro = Your forms can appear on your own website, as a frame or drawn by a script. Only the sites listed here may show them or send cases through them.
embed-settings-origins = Websites allowed to embed your forms
embed-settings-origins-hint = One address per line, such as https://www.example.com (scheme, host and port only). At most { $max }. Leave empty to allow none.
embed-settings-save = Save websites
embed-settings-error-origin = Line { $line }: { $message }
embed-settings-error-too-many = At most { $max } websites may embed your forms.
flash-embed-settings-saved = Websites saved.
embed-snippets-title = On your website
embed-snippets-none = Only the websites listed under Forms on your website may show this form or send cases through it:
embed-snippet-iframe = As a frame
embed-snippet-iframe-hint = Paste where the form should appear. The frame grows with the form.
embed-snippet-script = Drawn by a script
embed-snippet-script-hint = Paste where the form should appear. Your site's styles do not change it.
embed-snippet-copy = Copy
embed-snippet-copy-named = Copy { $what }
embed-snippet-copied = Copied
