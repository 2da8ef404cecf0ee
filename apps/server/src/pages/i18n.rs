//! User-interface strings of the public pages, in every supported language.

use frontdesk_kernel::Language;

/// A user-interface string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[expect(
    clippy::enum_variant_names,
    reason = "a page's body text is named after its heading: ThanksTitle, ThanksText"
)]
pub enum Text {
    /// Required-field marker.
    Required,
    /// Submit button of the case form.
    Submit,
    /// Heading of the contact section.
    SectionContact,
    /// Heading of the case section.
    SectionCase,
    /// Field label.
    FirstName,
    /// Field label.
    LastName,
    /// Field label.
    Email,
    /// Field label.
    Phone,
    /// Field label.
    Address,
    /// Field label.
    Title,
    /// Field label.
    Project,
    /// Field label.
    Description,
    /// Field label.
    Priority,
    /// Priority option.
    Low,
    /// Priority option.
    Normal,
    /// Priority option.
    High,
    /// Priority option.
    Urgent,
    /// Security check label.
    SecurityCheck,
    /// Shown when the form has errors.
    FixErrors,
    /// Thank-you heading.
    ThanksTitle,
    /// Thank-you text.
    ThanksText,
    /// Link to request a new case link.
    LostLink,
    /// Case page: summary heading.
    Summary,
    /// Case page: status.
    Status,
    /// Case page: details panel.
    Details,
    /// Case page: conversation panel.
    Conversation,
    /// Case page: contact panel.
    ContactDetails,
    /// Case page: comment label.
    AddComment,
    /// Case page: comment button.
    Send,
    /// Case page: edit panel.
    EditCase,
    /// Case page: save button.
    Save,
    /// Case page: nothing yet.
    NoEntries,
    /// Timeline: created.
    Created,
    /// Timeline: status changed.
    StatusChanged,
    /// Timeline: field changed.
    FieldChanged,
    /// Timeline: author is staff.
    Staff,
    /// Timeline: author is you.
    You,
    /// Status name.
    New,
    /// Status name.
    Open,
    /// Status name.
    Pending,
    /// Status name.
    Resolved,
    /// Status name.
    Closed,
    /// New-link page heading.
    NewLinkTitle,
    /// New-link page text.
    NewLinkText,
    /// Case number label.
    CaseNumber,
    /// New-link button.
    SendNewLink,
    /// New-link answer.
    NewLinkSent,
    /// Expired link heading.
    LinkExpiredTitle,
    /// Expired link text.
    LinkExpiredText,
    /// Unsubscribe heading.
    UnsubscribeTitle,
    /// Unsubscribe from the case.
    UnsubscribeCase,
    /// Unsubscribe from everything.
    UnsubscribeAll,
    /// Unsubscribe done.
    UnsubscribedTitle,
    /// Unsubscribe done text.
    UnsubscribedText,
    /// Organisation label.
    Organisation,
    /// Rate limited.
    TooMany,
    /// Share page: read-only notice.
    SharedReadOnly,
    /// Share page: log in to edit.
    LogInToEdit,
    /// Share page: view button.
    ViewCase,
    /// Share page: views left.
    ViewsLeft,
    /// Share page: password prompt.
    PasswordPrompt,
    /// Share page: password label.
    Password,
    /// Share page: wrong password.
    WrongPassword,
    /// Share page: link gone text.
    ShareGoneText,
}

/// `text` in `language`.
#[expect(
    clippy::too_many_lines,
    reason = "one flat table of translations is easiest to review"
)]
pub fn t(language: Language, text: Text) -> &'static str {
    use Text as T;
    match language {
        Language::En => match text {
            T::Required => "required",
            T::Submit => "Submit",
            T::SectionContact => "Your details",
            T::SectionCase => "Your request",
            T::FirstName => "First name",
            T::LastName => "Last name",
            T::Email => "Email",
            T::Phone => "Phone",
            T::Address => "Address",
            T::Title => "Subject",
            T::Project => "Project",
            T::Description => "Description",
            T::Priority => "Priority",
            T::Low => "Low",
            T::Normal => "Normal",
            T::High => "High",
            T::Urgent => "Urgent",
            T::SecurityCheck => "Security check",
            T::FixErrors => "Please correct the fields marked below.",
            T::ThanksTitle => "Thank you — check your email",
            T::ThanksText => {
                "We have received your request. We sent you an email with a link to follow your case; you do not need an account."
            }
            T::LostLink => "Lost the link to your case?",
            T::Summary => "Summary",
            T::Status => "Status",
            T::Details => "Details",
            T::Conversation => "Conversation",
            T::ContactDetails => "Contact details",
            T::AddComment => "Add a comment",
            T::Send => "Send",
            T::EditCase => "Edit your case",
            T::Save => "Save",
            T::NoEntries => "Nothing yet.",
            T::Created => "Case created",
            T::StatusChanged => "Status changed",
            T::FieldChanged => "Changed",
            T::Staff => "Support team",
            T::You => "You",
            T::New => "New",
            T::Open => "Open",
            T::Pending => "Pending",
            T::Resolved => "Resolved",
            T::Closed => "Closed",
            T::NewLinkTitle => "Get a new link to your case",
            T::NewLinkText => {
                "Enter the email address you used and your case number. If they match, we will email you a new link."
            }
            T::CaseNumber => "Case number",
            T::SendNewLink => "Send me a new link",
            T::NewLinkSent => {
                "If the details match a case, a new link is on its way to that address."
            }
            T::LinkExpiredTitle => "This link no longer works",
            T::LinkExpiredText => {
                "Links to cases expire or are replaced for your security. You can ask for a new one below."
            }
            T::UnsubscribeTitle => "Stop notifications",
            T::UnsubscribeCase => "Stop notifications about this case",
            T::UnsubscribeAll => "Stop all notifications",
            T::UnsubscribedTitle => "You are unsubscribed",
            T::UnsubscribedText => "You will not receive these notifications any more.",
            T::Organisation => "Organisation",
            T::TooMany => "Too many requests. Please wait a few minutes and try again.",
            T::SharedReadOnly => "This case was shared with you. It is read-only.",
            T::LogInToEdit => "Log in to edit",
            T::ViewCase => "View case",
            T::ViewsLeft => "Views left on this link:",
            T::PasswordPrompt => "This link is protected. Enter the password you were given.",
            T::Password => "Password",
            T::WrongPassword => "The password is not correct.",
            T::ShareGoneText => {
                "It has expired, was revoked, or has been used as many times as allowed. Ask the person who shared it for a new one."
            }
        },
        Language::Fr => match text {
            T::Required => "obligatoire",
            T::Submit => "Envoyer",
            T::SectionContact => "Vos coordonnées",
            T::SectionCase => "Votre demande",
            T::FirstName => "Prénom",
            T::LastName => "Nom",
            T::Email => "Adresse e-mail",
            T::Phone => "Téléphone",
            T::Address => "Adresse postale",
            T::Title => "Objet",
            T::Project => "Projet",
            T::Description => "Description",
            T::Priority => "Priorité",
            T::Low => "Basse",
            T::Normal => "Normale",
            T::High => "Haute",
            T::Urgent => "Urgente",
            T::SecurityCheck => "Vérification de sécurité",
            T::FixErrors => "Veuillez corriger les champs signalés ci-dessous.",
            T::ThanksTitle => "Merci — consultez vos e-mails",
            T::ThanksText => {
                "Nous avons bien reçu votre demande. Nous vous avons envoyé un e-mail avec un lien pour suivre votre dossier ; aucun compte n’est nécessaire."
            }
            T::LostLink => "Vous avez perdu le lien vers votre dossier ?",
            T::Summary => "Résumé",
            T::Status => "Statut",
            T::Details => "Détails",
            T::Conversation => "Échanges",
            T::ContactDetails => "Coordonnées",
            T::AddComment => "Ajouter un commentaire",
            T::Send => "Publier",
            T::EditCase => "Modifier votre dossier",
            T::Save => "Enregistrer",
            T::NoEntries => "Rien pour l’instant.",
            T::Created => "Dossier créé",
            T::StatusChanged => "Statut modifié",
            T::FieldChanged => "Modification",
            T::Staff => "Équipe support",
            T::You => "Vous",
            T::New => "Nouveau",
            T::Open => "En cours",
            T::Pending => "En attente",
            T::Resolved => "Résolu",
            T::Closed => "Clos",
            T::NewLinkTitle => "Recevoir un nouveau lien vers votre dossier",
            T::NewLinkText => {
                "Indiquez l’adresse e-mail utilisée et le numéro de votre dossier. S’ils correspondent, nous vous enverrons un nouveau lien."
            }
            T::CaseNumber => "Numéro de dossier",
            T::SendNewLink => "M’envoyer un nouveau lien",
            T::NewLinkSent => {
                "Si ces informations correspondent à un dossier, un nouveau lien a été envoyé à cette adresse."
            }
            T::LinkExpiredTitle => "Ce lien ne fonctionne plus",
            T::LinkExpiredText => {
                "Pour votre sécurité, les liens vers les dossiers expirent ou sont remplacés. Vous pouvez en demander un nouveau ci-dessous."
            }
            T::UnsubscribeTitle => "Arrêter les notifications",
            T::UnsubscribeCase => "Ne plus recevoir de notifications pour ce dossier",
            T::UnsubscribeAll => "Ne plus recevoir aucune notification",
            T::UnsubscribedTitle => "Vous êtes désabonné",
            T::UnsubscribedText => "Vous ne recevrez plus ces notifications.",
            T::Organisation => "Organisation",
            T::TooMany => "Trop de demandes. Veuillez patienter quelques minutes puis réessayer.",
            T::SharedReadOnly => "Ce dossier a été partagé avec vous. Il est en lecture seule.",
            T::LogInToEdit => "Se connecter pour modifier",
            T::ViewCase => "Voir le dossier",
            T::ViewsLeft => "Consultations restantes pour ce lien :",
            T::PasswordPrompt => {
                "Ce lien est protégé. Saisissez le mot de passe qui vous a été communiqué."
            }
            T::Password => "Mot de passe",
            T::WrongPassword => "Le mot de passe est incorrect.",
            T::ShareGoneText => {
                "Il a expiré, a été révoqué ou a été consulté autant de fois que permis. Demandez-en un nouveau à la personne qui l’a partagé."
            }
        },
    }
}

/// The label of a case status.
pub fn status(language: Language, status: frontdesk_cases::CaseStatus) -> &'static str {
    use frontdesk_cases::CaseStatus as S;
    t(
        language,
        match status {
            S::New => Text::New,
            S::Open => Text::Open,
            S::Pending => Text::Pending,
            S::Resolved => Text::Resolved,
            S::Closed => Text::Closed,
        },
    )
}

/// The label of a form field.
pub fn field(language: Language, field: frontdesk_cases::FormField) -> &'static str {
    use frontdesk_cases::FormField as F;
    t(
        language,
        match field {
            F::FirstName => Text::FirstName,
            F::LastName => Text::LastName,
            F::Email => Text::Email,
            F::Phone => Text::Phone,
            F::Address => Text::Address,
            F::Title => Text::Title,
            F::Project => Text::Project,
            F::Description => Text::Description,
            F::Priority => Text::Priority,
        },
    )
}

/// The label of a priority.
pub fn priority(language: Language, priority: frontdesk_cases::Priority) -> &'static str {
    use frontdesk_cases::Priority as P;
    t(
        language,
        match priority {
            P::Low => Text::Low,
            P::Normal => Text::Normal,
            P::High => Text::High,
            P::Urgent => Text::Urgent,
        },
    )
}
