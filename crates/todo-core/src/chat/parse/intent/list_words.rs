//! The word tables of listings and questions about the list.

/// Words a listing may contain without changing what it lists.
pub(super) const LIST_FILLERS: &[&str] = &[
    "",
    "show",
    "me",
    "list",
    "display",
    "view",
    "see",
    "get",
    "give",
    "tell",
    "what",
    "what's",
    "whats",
    "what're",
    "is",
    "are",
    "do",
    "does",
    "i",
    "have",
    "has",
    "got",
    "to",
    "on",
    "my",
    "the",
    "of",
    "for",
    "any",
    "anything",
    "things",
    "thing",
    "stuff",
    "items",
    "item",
    "tasks",
    "task",
    "todos",
    "todo",
    "to-do",
    "to-dos",
    "please",
    "currently",
    "right",
    "now",
    "again",
    "agenda",
    "plate",
    "there",
    "due",
    "in",
    "at",
    "that",
    "which",
    "your",
    "you",
    "can",
    "could",
    "let",
    "us",
    "up",
    "coming",
    "need",
    "needs",
    "doing",
    "a",
    "an",
    "so",
    "far",
    "am",
    "i'm",
    "it",
    "reminders",
    "reminder",
    "current",
    "schedule",
    "planned",
    "scheduled",
    "look",
    "like",
    "how",
    "many",
    "much",
    "lists",
    "entire",
    "whole",
    "full",
    "next",
    "else",
    "we",
    "our",
    "be",
    "should",
    "must",
    "with",
    "and",
    "or",
    "else's",
    "where",
    "those",
    "them",
    "these",
    "one",
    "ones",
    "existing",
    "back",
    "pull",
    "bring",
    "check",
    "status",
    "overview",
    "summary",
    "quick",
    "were",
    "was",
    "did",
    "by",
    "set",
    "from",
    "today's",
    "tomorrow's",
    "tonight's",
];

/// Whether a listing may hold `w` without changing what it lists.
pub(super) fn list_filler(w: &str) -> bool {
    LIST_FILLERS.contains(&w)
}

/// Words of a question about what is on the list ("what did I want to
/// remember", "the items I made note of to not forget").
pub(super) const RECALL_WORDS: &[&str] = &[
    "remember",
    "forget",
    "forgetting",
    "remembering",
    "want",
    "wanted",
    "trying",
    "made",
    "make",
    "note",
    "notes",
    "not",
    "was",
    "were",
    "they",
    "had",
    "again",
    "noted",
    "told",
    "asked",
    "said",
];

/// Verbs that ask for the list to be read out: "read my list", "go through
/// my reminders", "play my list of reminders".
pub(super) const LIST_READ_VERBS: &[&str] = &["read", "recite", "play", "hear", "speak", "say", "review", "go"];

/// Other words a question about the list may hold: "what my calendar looks
/// like", "the bullet points on my list", "have I scheduled anything".
pub(super) const LIST_QUESTION_WORDS: &[&str] = &[
    "through",
    "though",
    "over",
    "calendar",
    "events",
    "event",
    "plans",
    "plan",
    "bullet",
    "points",
    "looking",
    "looks",
    "showing",
    "scheduled",
    "included",
    "added",
    "gotten",
    "around",
    "out",
    "aloud",
    "loud",
];

/// What the things on a list are called in a question ("remind me of the
/// things I have to do").
pub(super) const LIST_ITEM_WORDS: &[&str] =
    &["things", "items", "stuff", "tasks", "todos", "to-dos", "reminders", "list", "errands", "chores", "everything"];

/// How a question whether something is on the list begins: "is", "did I
/// include", "have I added", "do I have".
pub(super) const MEMBERSHIP_OPENERS: &[&[&str]] = &[
    &["is|are"],
    &["is|are", "there"],
    &["did|have", "i|we", "include|included|add|added|put|write|written|note|noted|list|listed|schedule|scheduled|remember"],
    &["did|have", "i|we", "already", "include|included|add|added|put|written|noted|listed|scheduled"],
    &["i've|ive", "added|included|put|written|listed|scheduled"],
    &["do|does", "i|we", "have"],
    &["is|are", "there", "a|an"],
];

/// Words between the thing asked about and the destination: "is X an item
/// on my list", "have I added X to my calendar yet".
pub(super) const MEMBERSHIP_LINKS: &[&str] =
    &["is", "are", "an", "a", "item", "entry", "task", "todo", "still", "already", "listed", "yet", "in", "there"];

/// Words that open a question.
pub(super) const QUESTION_OPENERS: &[&str] =
    &["is", "are", "did", "do", "does", "have", "has", "what", "what's", "whats", "which", "when", "check", "tell", "any", "anything"];
