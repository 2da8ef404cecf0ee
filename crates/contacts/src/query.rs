//! The vocabulary of staff searches: what was typed into a search box, which numbered page
//! to read, and a page of results with the count of every match. The cases domain uses the
//! same types for its case search.

/// Text typed into a search box, trimmed, cut to [`SearchText::MAX_CHARS`] characters and
/// compared case-insensitively as a plain substring: `%`, `_` and `\` are ordinary
/// characters, never wildcards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    text: String,
    folded: String,
}

impl SearchText {
    /// Longest text kept, in characters; the rest is ignored.
    pub const MAX_CHARS: usize = 200;

    /// The search for `raw`, or `None` when it is blank. Control characters become spaces.
    pub fn parse(raw: &str) -> Option<Self> {
        let cleaned: String = raw
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let text: String = cleaned.trim().chars().take(Self::MAX_CHARS).collect();
        let text = text.trim_end().to_owned();
        if text.is_empty() {
            return None;
        }
        let folded = text.to_lowercase();
        Some(Self { text, folded })
    }

    /// The text as typed (trimmed).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text in lower case, as stores compare it.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Whether `haystack` contains the text, ignoring case.
    pub fn matches(&self, haystack: &str) -> bool {
        haystack.to_lowercase().contains(&self.folded)
    }
}

/// Which numbered page of a sorted result to read: page `page` (from 1) of `per_page` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNumber {
    /// The page, from 1.
    pub page: u32,
    /// Rows per page, 1..=[`PageNumber::MAX_PER_PAGE`].
    pub per_page: u32,
}

impl PageNumber {
    /// Most rows one page may hold.
    pub const MAX_PER_PAGE: u32 = 100;

    /// Page `page` of `per_page` rows, both clamped: page 0 reads as 1, `per_page` to
    /// 1..=[`Self::MAX_PER_PAGE`].
    pub fn new(page: u32, per_page: u32) -> Self {
        Self {
            page: page.max(1),
            per_page: per_page.clamp(1, Self::MAX_PER_PAGE),
        }
    }

    /// How many rows come before this page.
    pub fn offset(self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.per_page)
    }
}

/// One page of results and how many results there are in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted<T> {
    /// The page's rows, in the order asked for.
    pub rows: Vec<T>,
    /// Every match, on every page.
    pub total: u64,
}

impl<T> Counted<T> {
    /// No rows and a total of zero.
    pub fn empty() -> Self {
        Self {
            rows: Vec::new(),
            total: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn search_text_is_trimmed_cut_and_folded() {
        assert_eq!(SearchText::parse("   "), None);
        assert_eq!(SearchText::parse("\n\t"), None);
        let text = SearchText::parse("  Jane\u{0}DOE ").expect("text");
        assert_eq!(text.as_str(), "Jane DOE");
        assert_eq!(text.folded(), "jane doe");
        assert!(text.matches("Mrs JANE DOE"));
        assert!(!text.matches("Jane Dough"));
        let long = SearchText::parse(&"é".repeat(300)).expect("text");
        assert_eq!(long.as_str().chars().count(), SearchText::MAX_CHARS);
        assert!(
            SearchText::parse("100%")
                .expect("text")
                .matches("a 100% sure")
        );
        assert!(!SearchText::parse("1_0").expect("text").matches("100"));
    }

    #[test]
    fn page_numbers_are_clamped() {
        assert_eq!(PageNumber::new(0, 0), PageNumber::new(1, 1));
        assert_eq!(PageNumber::new(3, 500).per_page, PageNumber::MAX_PER_PAGE);
        assert_eq!(PageNumber::new(3, 20).offset(), 40);
        assert_eq!(
            PageNumber::new(u32::MAX, 100).offset(),
            u64::from(u32::MAX - 1) * 100
        );
    }

    proptest! {
        #[test]
        fn parsed_text_matches_itself(raw in any::<String>()) {
            if let Some(text) = SearchText::parse(&raw) {
                prop_assert!(text.matches(text.as_str()));
                prop_assert!(!text.as_str().is_empty());
            }
        }
    }
}
