//! The word tables the readers walk: politeness, task nouns, verb forms,
//! greetings and thanks, destinations. Listings have theirs in
//! [`super::list_words`].

/// Single words dropped at the end of a request ("please", "thanks").
pub(super) const TRAILING_POLITENESS: &[&str] = &["please", "pls", "plz", "thanks", "thx", "ty", "cheers", "thankyou"];

/// Single words dropped at the start of a request ("please", "ok", "hey", "also").
pub(super) const LEADING_FILLERS: &[&str] = &[
    "please",
    "pls",
    "plz",
    "kindly",
    "ok",
    "okay",
    "k",
    "alright",
    "allright",
    "so",
    "um",
    "umm",
    "uhm",
    "uh",
    "hmm",
    "oh",
    "also",
    "and",
    "then",
    "hey",
    "hi",
    "hello",
    "yo",
    "just",
    "ah",
    "well",
    "great",
    "cool",
    "thanks",
    "bot",
    "actually",
    "oops",
    "now",
    "right",
    "yes",
    "yeah",
    "yep",
    "sure",
    "hey,",
    "quick",
    "quickly",
    "additionally",
];

/// Words that thank.
pub(super) const THANKS_WORDS: &[&str] =
    &["thanks", "thank", "thx", "ty", "tysm", "cheers", "appreciated", "appreciate", "ta", "thankyou", "merci", "danke"];

/// Words a thank-you message may hold besides the thanks ("thank you so much").
pub(super) const THANKS_COMPANIONS: &[&str] = &[
    "",
    "thanks",
    "thank",
    "thx",
    "ty",
    "tysm",
    "cheers",
    "appreciated",
    "appreciate",
    "ta",
    "thankyou",
    "merci",
    "danke",
    "you",
    "u",
    "very",
    "so",
    "much",
    "a",
    "lot",
    "lots",
    "many",
    "ok",
    "okay",
    "great",
    "perfect",
    "awesome",
    "cool",
    "nice",
    "good",
    "brilliant",
    "excellent",
    "alright",
    "fine",
    "that's",
    "that",
    "it",
    "i",
    "really",
    "super",
    "wonderful",
    "amazing",
    "for",
    "the",
    "help",
    "your",
    "again",
    "buddy",
    "bot",
    "man",
    "mate",
    "all",
    "done",
    "got",
    "just",
];

/// Words a greeting may hold after the greeting word ("hi there, how are you").
pub(super) const GREETING_COMPANIONS: &[&str] = &[
    "there",
    "bot",
    "chatbot",
    "assistant",
    "everyone",
    "friend",
    "buddy",
    "pal",
    "mate",
    "again",
    "all",
    "you",
    "how",
    "are",
    "is",
    "it",
    "going",
    "doing",
    "today",
    "how's",
    "hows",
    "hello",
    "hi",
    "hey",
    "morning",
    "to",
    "u",
    "ya",
    "dear",
    "folks",
    "y'all",
    "what's",
    "whats",
    "up",
    "sir",
    "todo",
    "app",
];

/// Words a help request may hold after "help" ("help me with this app").
pub(super) const HELP_COMPANIONS: &[&str] = &[
    "me", "please", "i", "need", "with", "using", "commands", "this", "the", "bot", "chatbot", "app", "out", "how", "to", "use", "it",
    "you", "menu", "page", "?",
];

/// Words "undo" may come with ("undo that last change").
pub(super) const UNDO_COMPANIONS: &[&str] = &[
    "",
    "that",
    "it",
    "this",
    "the",
    "last",
    "change",
    "changes",
    "action",
    "step",
    "my",
    "previous",
    "one",
    "edit",
    "thing",
    "what",
    "you",
    "just",
    "did",
    "i",
    "command",
    "move",
    "operation",
    "please",
    "again",
];

/// Verbs that clear the done todos away ("clear completed").
pub(super) const CLEAR_VERBS: &[&str] = &["completed", "complete", "done", "finished", "checked", "ticked", "closed", "crossed"];

/// Words "clear completed" may come with ("delete all the finished tasks").
pub(super) const CLEAR_COMPLETED_WORDS: &[&str] = &[
    "",
    "all",
    "the",
    "my",
    "of",
    "out",
    "up",
    "away",
    "completed",
    "complete",
    "done",
    "finished",
    "checked",
    "ticked",
    "closed",
    "crossed",
    "tasks",
    "todos",
    "to-dos",
    "todo",
    "items",
    "ones",
    "things",
    "stuff",
    "that",
    "are",
    "is",
    "were",
    "already",
    "off",
    "everything",
    "which",
    "have",
    "been",
    "list",
    "from",
    "entries",
    "reminders",
    "those",
    "these",
    "that's",
    "i've",
    "i",
];

/// Irregular past tenses that report a task done ("I paid the rent").
pub(super) const IRREGULAR_PAST: &[&str] = &[
    "paid", "bought", "sent", "wrote", "written", "made", "took", "taken", "gave", "given", "got", "brought", "met", "ate", "ran", "found",
    "told", "sold", "fed", "drove", "swept", "spoke", "rang",
];

/// Past tenses in -ed that do not report a task done ("I wanted", "I added").
pub(super) const PAST_NOT_DONE: &[&str] = &[
    "wanted",
    "needed",
    "forgot",
    "liked",
    "loved",
    "hated",
    "tried",
    "started",
    "decided",
    "planned",
    "used",
    "hoped",
    "asked",
    "wished",
    "missed",
    "failed",
    "added",
    "deleted",
    "removed",
    "changed",
    "created",
    "moved",
    "renamed",
    "tagged",
    "marked",
    "noticed",
    "realized",
    "realised",
    "wondered",
    "guessed",
    "supposed",
    "seemed",
    "bored",
    "tired",
    "need",
    "agreed",
    "reopened",
    "scheduled",
    "rescheduled",
    "postponed",
    "intended",
    "expected",
    "considered",
    "learned",
];

/// What a todo is called ("task", "reminder", "item").
pub(super) const TASK_NOUNS: &[&str] =
    &["task", "todo", "to-do", "reminder", "item", "entry", "note", "tasks", "todos", "to-dos", "items", "reminders"];

/// Verb forms that mean the same command word: (form, command word).
pub(super) const VERB_FORMS: &[(&str, &str)] = &[
    ("adding", "add"),
    ("added", "add"),
    ("adds", "add"),
    ("deleting", "delete"),
    ("deletes", "delete"),
    ("removing", "remove"),
    ("removes", "remove"),
    ("marking", "mark"),
    ("marks", "mark"),
    ("showing", "show"),
    ("shows", "show"),
    ("listing", "list"),
    ("creating", "create"),
    ("creates", "create"),
    ("moving", "move"),
    ("renaming", "rename"),
    ("completing", "complete"),
    ("reopening", "reopen"),
    ("changing", "change"),
    ("setting", "set"),
    ("tagging", "tag"),
    ("making", "make"),
    ("pushing", "push"),
    ("re-open", "reopen"),
    ("re-opening", "reopen"),
    ("un-check", "uncheck"),
    ("del", "delete"),
    ("rm", "delete"),
    ("resched", "reschedule"),
    ("re-schedule", "reschedule"),
    ("retitle", "rename"),
    ("re-name", "rename"),
    ("prioritise", "prioritize"),
    ("deprioritise", "deprioritize"),
];

/// The command word a verb form means ("adding" → "add"); other words as they are.
pub(super) fn verb(w: &str) -> &str {
    VERB_FORMS.iter().find(|(form, _)| *form == w).map_or(w, |(_, canon)| canon)
}

/// Greeting words.
pub(super) const GREETINGS: &[&str] =
    &["hi", "hello", "hey", "heya", "hiya", "howdy", "yo", "hola", "greetings", "sup", "hallo", "bonjour", "hei", "ciao", "salut"];

/// Beginnings of a help request ("what can you do").
pub(super) const HELP_PHRASES: &[&str] = &[
    "what can you do",
    "what can i do",
    "what can i say",
    "what can i ask",
    "what can i type",
    "what do you do",
    "what are you",
    "who are you",
    "what are you able",
    "what are your commands",
    "what are the commands",
    "what commands",
    "which commands",
    "how does this work",
    "how does it work",
    "how do you work",
    "how does this thing work",
    "how do i use",
    "how to use",
    "how can you help",
    "how can i use",
    "what can this do",
    "what does this do",
    "what do you understand",
    "what are my options",
    "show help",
    "show me help",
    "show commands",
    "list commands",
    "give me examples",
    "show me examples",
    "show me what you can do",
    "what should i say",
    "what should i type",
    "how do i add",
    "how do i start",
    "how do i get started",
    "what are you capable of",
    "what can you help",
    "what do i say",
    "how does this app work",
];

/// Prepositions that lead into a destination: "to my list", "on my
/// calendar", "off my list", "from the calendar", "of my list" (a common
/// slip for "off").
pub(super) const DESTINATION_PREPOSITIONS: &[&str] = &["to", "on", "onto", "in", "into", "off", "from", "of", "for"];

/// Whose list: "my list", "the calendar".
pub(super) const DESTINATION_OWNERS: &[&str] = &["my", "the", "our", "your", "mine"];

/// Words that may stand before a destination's noun: "my to do list", "my
/// reminder list", "the shopping list", "my work calendar".
pub(super) const DESTINATION_MODIFIERS: &[&str] = &[
    "todo",
    "to-do",
    "todos",
    "to-dos",
    "task",
    "tasks",
    "shopping",
    "grocery",
    "groceries",
    "reminder",
    "reminders",
    "personal",
    "daily",
    "weekly",
    "work",
    "google",
    "outlook",
    "chore",
    "chores",
    "things",
    "things-to-do",
];

/// What a list is called: "list", "calendar", "schedule", "reminders".
pub(super) const DESTINATION_NOUNS: &[&str] = &[
    "list",
    "lists",
    "calendar",
    "calender",
    "schedule",
    "agenda",
    "planner",
    "diary",
    "reminders",
    "todos",
    "to-dos",
    "tasks",
    "todo",
    "to-do",
    "checklist",
    "tasklist",
];

/// What may follow "my list of …": "things to do", "reminders", "chores".
pub(super) const DESTINATION_OF: &[&[&str]] = &[
    &["things|stuff|tasks|items", "to", "do"],
    &["things|stuff|tasks|items", "i", "need|have", "to", "do"],
    &["reminders|chores|tasks|todos|to-dos|errands|things|items"],
    &["to", "dos|do's"],
];

/// Verbs that say "put on the list" in the passive ("X needs to be added to
/// my calendar", "I need X added to my schedule").
pub(super) const ADDED_WORDS: &[&str] = &["added", "put", "scheduled", "written", "included", "entered", "listed", "noted"];

/// Words left dangling at the end of a reference once its date or
/// destination is taken out: "lunch with sally that is on", "the doctor
/// appointment i have scheduled for".
pub(super) const DANGLING_AFTER_TARGET: &[&str] = &[
    "on",
    "for",
    "at",
    "by",
    "from",
    "off",
    "in",
    "of",
    "that",
    "which",
    "is",
    "i",
    "have",
    "i've",
    "ive",
    "scheduled",
    "planned",
    "set",
    "anymore",
    "any",
    "more",
    "now",
    "due",
    "the",
    "to",
];

/// Words that join two todos: "buy milk and call mom", "milk, eggs & bread".
pub(super) const CLAUSE_JOINERS: &[&str] = &["and", "&", "then", "plus"];

/// Verbs a todo often starts with: two clauses that each start with one are
/// two todos ("buy milk and call mom").
pub(super) const TASK_VERBS: &[&str] = &[
    "buy", "call", "email", "e-mail", "text", "phone", "ring", "pay", "pick", "clean", "wash", "book", "send", "write", "fix", "finish",
    "get", "go", "take", "make", "water", "walk", "feed", "mow", "visit", "return", "renew", "order", "check", "print", "bring", "drop",
    "submit", "file", "prepare", "review", "update", "vacuum", "cook", "meet", "practice", "study", "read", "post", "mail", "cancel",
    "schedule", "clear", "empty", "fold", "iron", "sweep", "mop", "dust", "tidy", "organize", "organise", "plan", "pack", "unpack", "ship",
    "sign", "charge", "change", "replace", "repair", "paint", "grab", "collect", "deliver", "sell", "wrap", "bake", "do", "see", "ask",
    "tell", "remind", "invite", "thank", "confirm", "reply", "respond", "answer", "look", "research", "learn", "start", "stop", "put",
    "set", "hang", "install", "download", "upload", "backup", "back", "transfer", "withdraw", "deposit", "refill", "fill", "shop", "rent",
    "register", "apply",
];

/// Words of a yes ("yes", "sure, go ahead", "do it").
pub(super) const CONFIRM_WORDS: &[&str] = &[
    "yes",
    "y",
    "yeah",
    "yep",
    "yup",
    "sure",
    "confirm",
    "confirmed",
    "ok",
    "okay",
    "please",
    "do",
    "it",
    "go",
    "ahead",
    "absolutely",
    "definitely",
    "correct",
    "right",
    "and",
];

/// Verbs of a bulk deletion: "delete all …", "clear my list".
pub(super) const BULK_DELETE_VERBS: &[&str] = &["delete", "remove", "clear", "erase", "wipe", "empty", "trash", "purge", "drop", "nuke"];

/// Verbs of a bulk completion: "mark everything as done", "complete all …".
pub(super) const BULK_COMPLETE_VERBS: &[&str] = &["mark", "complete", "finish", "check", "tick", "cross"];

/// Words that make a change apply to all the todos a filter selects.
pub(super) const BULK_QUANTIFIERS: &[&str] = &["all", "everything", "every", "entire", "whole", "everything's"];
