import type { Tool } from '../../tools/tool.js';

/**
 * Groups of everyday words that mean the same thing to a tool chooser. Generic English, written once for
 * every suite: a selector tuned to one suite's tasks would measure nothing.
 */
const conceptGroups: Record<string, readonly string[]> = {
  mail: ['email', 'mail', 'inbox', 'reply', 'forward', 'sender', 'newsletter', 'unread', 'heads-up'],
  send: [
    'send',
    'email',
    'reply',
    'forward',
    'tell',
    'notify',
    'heads-up',
    'let',
    'write',
    'pay',
    'transfer',
    'dm',
    'message',
  ],
  calendar: ['calendar', 'event', 'meeting', 'call', 'appointment', 'schedule', 'invite', 'invited', 'participant'],
  time: [
    'today',
    'tomorrow',
    'day',
    'date',
    'time',
    'week',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'current',
  ],
  file: ['file', 'document', 'doc', 'drive', 'spreadsheet', 'sheet', 'letter', 'notice'],
  share: ['share', 'access', 'permission'],
  contact: ['contact', 'address-book', 'person', 'people'],
  remove: ['delete', 'remove', 'trash', 'discard', 'left'],
  cancel: ['cancel', 'call-off'],
  move: ['move', 'reschedule', 'postpone', 'shift'],
  create: ['create', 'add', 'set-up', 'put', 'new', 'make', 'schedule', 'book'],
  append: ['append', 'add'],
  participants: ['invite', 'participant', 'add'],
  update: ['update', 'change', 'edit', 'apply', 'adjust', 'modify'],
  post: ['post', 'publish', 'put'],
  booking: ['book', 'booking', 'reserve', 'reservation', 'rent', 'hire', 'table'],
  hotel: ['hotel', 'stay', 'room', 'night', 'breakfast', 'guest'],
  restaurant: ['restaurant', 'table', 'dinner', 'lunch', 'eat', 'food', 'cuisine', 'vegetarian', 'vegan', 'bistro'],
  car: ['car', 'rental', 'rent', 'hire', 'automatic', 'manual', 'electric', 'drive'],
  reviews: ['review', 'reviewer', 'rating', 'rated', 'star', 'stars', 'say', 'recommend'],
  profile: ['profile', 'passport', 'personal', 'birth', 'phone', 'home', 'address'],
  money: [
    'money',
    'pay',
    'payment',
    'paid',
    'transfer',
    'bill',
    'refund',
    'rent',
    'balance',
    'salary',
    'iban',
    'amount',
    'cost',
    'spend',
    'spent',
    'owe',
    'lent',
  ],
  transaction: [
    'transaction',
    'payment',
    'paid',
    'spend',
    'spent',
    'refund',
    'salary',
    'standing',
    'order',
    'came',
    'sent',
    'charge',
  ],
  payee: ['payee', 'pay', 'transfer', 'recipient'],
  message: ['message', 'dm', 'direct', 'chat', 'post', 'posted', 'wrote', 'asked', 'shared', 'said'],
  channel: ['channel', 'post', 'posted', 'shared'],
  webpage: ['webpage', 'web', 'page', 'website', 'site', 'link', 'linked', 'url', 'article', 'wiki', 'blog'],
  workspace: ['slack', 'workspace', 'team', 'teammate', 'colleague', 'member', 'join', 'joins', 'start', 'starts'],
};

/** Verbs that name what a tool does: a side-effecting tool is chosen only if the request asks for its verb. */
const verbConcepts = new Set([
  'send',
  'share',
  'remove',
  'cancel',
  'move',
  'create',
  'append',
  'participants',
  'booking',
  'update',
]);
const generic = new Set(['get', 'search', 'list', 'by', 'id', 'info', 'information', 'details', 'user', 'to', 'of']);

const wordToConcepts = new Map<string, string[]>();
for (const [concept, words] of Object.entries(conceptGroups)) {
  for (const word of words) wordToConcepts.set(word, [...(wordToConcepts.get(word) ?? []), concept]);
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The concepts a text mentions: each word, its stem, and the groups they belong to. */
export function conceptsOf(text: string): Set<string> {
  const normalized = text
    .toLowerCase()
    .replace(/set up/g, 'set-up')
    .replace(/address book/g, 'address-book')
    .replace(/call off/g, 'call-off')
    .replace(/can't make|cannot make/g, 'cancel');
  const concepts = new Set<string>();
  for (const raw of normalized.split(/[^a-z-]+/)) {
    for (const word of new Set([raw, stem(raw)])) {
      if (word.length < 2 || generic.has(word)) continue;
      concepts.add(word);
      for (const concept of wordToConcepts.get(word) ?? []) concepts.add(concept);
    }
  }
  // A person's name ("Priya Raman") means someone has to be looked up; a file name, a #channel or a URL
  // names where the data is.
  if (/\b[A-Z][a-z]+ [A-Z][a-z]+\b/.test(text.replace(/^\S+/, ''))) concepts.add('contact');
  if (/\b[\w-]+\.(?:txt|md|csv|pdf|docx?|xlsx?|pptx?|json)\b/i.test(text)) concepts.add('file');
  if (/(?:^|\s)#[\w-]+/.test(text)) concepts.add('channel').add('message');
  if (/\bhttps?:\/\//.test(text)) concepts.add('webpage');
  return concepts;
}

const nameWords = (tool: Tool): string[] =>
  tool.name
    .toLowerCase()
    .split(/[_-]+/)
    .filter((word) => !generic.has(word));

/**
 * Chooses the tools a request needs from the request text alone, by matching the concepts it mentions
 * against each tool's name and description. A read-only tool is chosen when the request mentions its
 * subject (in its name, or twice in its description); a tool with side effects also needs the request
 * to ask for its action. Deterministic, and never shown the task's ground truth.
 */
export function selectTools(request: string, tools: readonly Tool[]): string[] {
  const asked = conceptsOf(request);
  return tools
    .filter((tool) => {
      const words = nameWords(tool);
      const name = conceptsOf(words.join(' '));
      const described = [...conceptsOf(tool.description)].filter((concept) => asked.has(concept));
      const subject =
        [...name].some((concept) => asked.has(concept) && !verbConcepts.has(concept)) || described.length >= 2;
      if (tool.readOnly) return subject;
      const verbs = [...conceptsOf(words[0] ?? '')].filter(
        (concept) => verbConcepts.has(concept) || concept === words[0],
      );
      return subject && verbs.some((concept) => asked.has(concept));
    })
    .map((tool) => tool.name);
}
