import type { RuleHit } from './phrases.ts';
import { GateWords } from './word-gate.ts';

/**
 * Pattern heuristics over the normalised (lower-case, whitespace-collapsed) text. Strong ones are
 * near-unambiguous on their own (chat-template tokens, "DAN mode enabled"); weak ones are common
 * in attacks but also in honest prompts ("act as", "new task"), so they only become classifier
 * features and the classifier learns how much each is worth next to the words around it.
 */
interface Heuristic {
  rule: string;
  pattern: RegExp;
  score: number;
  strong: boolean;
  /**
   * Words (maximal runs of \w, as `\b` sees them) that every match contains: one of each group.
   * A text without them cannot match, so the regex is not run. This runs on every input, and
   * most texts contain none of a rule's words; the gates are checked against the ungated
   * patterns in heuristics.test.ts.
   */
  gate: readonly (readonly string[])[] | undefined;
}

function H(rule: string, score: number, strong: boolean, pattern: RegExp): Heuristic;
function H(rule: string, score: number, strong: boolean, gate: string[][], pattern: RegExp): Heuristic;
function H(
  rule: string,
  score: number,
  strong: boolean,
  gateOrPattern: string[][] | RegExp,
  pattern?: RegExp,
): Heuristic {
  if (gateOrPattern instanceof RegExp)
    return { rule, score, strong, pattern: gateOrPattern, gate: undefined };
  return { rule, score, strong, pattern: pattern as RegExp, gate: gateOrPattern };
}

/** A model reading the text it is in: "AI assistant reading this email", "agents processing this document". */
const READER = String.raw`(?:ai|llm|assistant|agent|language model|model|chatbot|gpt|bot)s?,? (?:\w+ )?(?:(?:upon|when|while|after|on) )?(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|reviewing|handling|viewing|scanning|crawling) (?:this|these|the following) (?:\w+ )?(?:e-?mails?|documents?|pages?|messages?|files?|texts?|websites?|sites?|resumes?|cvs?|invites?|contents?|data|inputs?|reviews?|tickets?|threads?|conversations?|chats?|posts?|articles?|repo(?:sitory|sitories|s)?|code|issues?|comments?|pull requests?|prs?)\b`;

const HEURISTICS: readonly Heuristic[] = [
  H(
    'chat-template-token',
    0.95,
    true,
    /<\|\s*(?:im_start|im_end|system|user|assistant|endoftext|begin_of_text|start_header_id|end_header_id|eot_id)\s*\|>/,
  ),
  H('inst-delimiter', 0.85, true, [['inst', 'sys']], /\[\/?inst\]|<<\/?sys>>/),
  H(
    'system-header',
    0.8,
    true,
    [['system', 'admin', 'developer']],
    /(?:^|\n)\s*(?:#{2,}|\[|<)\s*(?:system|admin|developer)(?: prompt| message)?\s*(?:\]|>|:)/,
  ),
  H(
    'system-tag',
    0.75,
    true,
    [['system', 'system_prompt', 'sys', 'admin']],
    /<\/?(?:system|system_prompt|sys|admin)>/,
  ),
  H(
    'role-line',
    0.5,
    false,
    [['system', 'admin', 'developer']],
    /(?:^|\n)\s*(?:system|admin|developer)(?: prompt| message| override| note)?\s*:/,
  ),
  H(
    'instruction-header',
    0.3,
    false,
    [['instruction', 'instructions']],
    /(?:^|\n)\s*#{2,}\s*(?:new )?instructions?\b/,
  ),
  // Each run is tried from its first character only: unanchored, a long run of dashes was
  // rescanned from every position (quadratic; 25k dashes took 1.7 s).
  H('end-marker', 0.7, true, [['end']], /(?:(?<!=)={3,}|(?<!-)-{3,}|(?<!#)#{3,})\s*end\b/),
  H(
    'end-of-prompt',
    0.5,
    false,
    [['end'], ['prompt', 'instructions', 'context', 'input']],
    /\bend of (?:the )?(?:system )?(?:prompt|instructions|context|input)\b/,
  ),
  H(
    'fake-conversation',
    0.4,
    false,
    [
      ['human', 'user'],
      ['assistant', 'ai', 'gpt', 'human'],
    ],
    /\b(?:human|user)\s?:.{0,400}\b(?:assistant|ai|gpt|human)\s?:/s,
  ),
  H(
    'dan',
    0.95,
    true,
    [['anything', 'dan', 'jailbroken', 'jailbreak']],
    /\bdo anything now\b|\bdan mode\b|\b(?:act|acts|acting|respond|responding) (?:as|like) (?:a |an )?dan\b|\/jailbroken\b|\bjailbroken\b|\bjailbreak mode\b/,
  ),
  H(
    'mode-enabled',
    0.9,
    true,
    [['mode']],
    /\b(?:dan|evil|jailbreak|jailbroken|unrestricted|unfiltered|uncensored) mode\b|\bdeveloper mode (?:enabled|activated)\b|\b(?:sudo|god) mode (?:on|enabled|activated)\b/,
  ),
  H(
    'mode-mention',
    0.5,
    false,
    [['mode']],
    /\b(?:developer|jailbreak|evil|unrestricted|unfiltered|uncensored) mode\b/,
  ),
  H(
    'no-restrictions',
    0.6,
    false,
    [
      [
        'restrictions',
        'limitations',
        'limits',
        'rules',
        'filters',
        'guidelines',
        'censorship',
        'confines',
        'ethics',
        'morals',
        'boundaries',
        'policies',
        'policy',
      ],
    ],
    /\b(?:no|without(?: any)?|free (?:of|from)|broken free of|not bound by(?: any)?|(?:don'?t|do not|doesn'?t|does not) (?:have to )?(?:abide by|follow|adhere to)(?: any)?)(?: the)?(?: \w+){0,2} (?:restrictions|limitations|limits|rules|filters|guidelines|censorship|confines|ethics|morals|boundaries|policies|content polic(?:y|ies))\b/,
  ),
  H(
    'stay-in-character',
    0.6,
    false,
    [['character', 'rolle', 'rollen', 'role', 'roles']],
    /\b(?:stay|remain|staying|remaining|bleiben|verharren)(?: \w+){0,2} in (?:character|(?:your|their|his|her|ihren|ihrer|seiner) rollen?|(?:your|their|his|her) roles?)\b|\b(?:never|not|don'?t|do not|without(?: even)?) (?:ever )?break(?:ing)?(?: out of)?(?: (?:the|their|your))? (?:character|role)\b|\bbreaking character\b|\baus der rolle\b/,
  ),
  H(
    'persona-switch',
    0.5,
    false,
    [['you', 'du', 'maintenant', 'eres']],
    /\b(?:now you are|you are now|you're now|from now on,? you(?: are| will)?|you will now (?:act|be|respond)|you are no longer|du bist (?:jetzt|nun|ab jetzt)|(?:nun|jetzt|ab jetzt) bist du|tu es maintenant|ahora eres)\b/,
  ),
  H(
    'persona-assign',
    0.3,
    false,
    [['you', 'du', 'sie']],
    /(?:^|[.!?:] )(?:you are|du bist|sie sind) (?!not\b|a helpful)\w+/,
  ),
  H(
    'evil-persona',
    0.6,
    false,
    [
      [
        'evil',
        'malicious',
        'rogue',
        'amoral',
        'unethical',
        'unrestricted',
        'unfiltered',
        'uncensored',
        'bose',
      ],
    ],
    /\b(?:evil|malicious|rogue|amoral|unethical|unrestricted|unfiltered|uncensored|bose) (?:ai|assistant|bot|chatbot|model|ki|version|alter ego)\b/,
  ),
  H(
    'pretend',
    0.3,
    false,
    [['pretend', 'imagine', 'suppose']],
    /\b(?:pretend|imagine|suppose)(?: that)? (?:you are|you're|to be|you can|du bist|sie sind)\b/,
  ),
  H(
    'act-as',
    0.2,
    false,
    [
      ['act', 'acting', 'behave', 'respond', 'answer', 'fungieren', 'agieren'],
      ['as', 'like', 'als'],
    ],
    /\b(?:act|acting|behave|respond|answer|fungieren|agieren)\b(?: \w+){0,1} (?:as|like|als)\b/,
  ),
  H(
    'new-task',
    0.4,
    false,
    [['new', 'further', 'next', 'additional', 'neue', 'weitere', 'your']],
    /\b(?:new|further|next|additional|neue|weitere) (?:tasks?|instructions?|assignments?|orders?|aufgaben?|anweisungen?|auftrage?)\b(?: \w+){0,2} (?:follows?|folgen|comes?|kommt|is|are)\b|\b(?:now|nun|jetzt) (?:comes?|follows?|folgen|kommt) (?:a |eine )?(?:new|further|neue|weitere)\b|\byour new (?:task|instructions?|assignment)\b|\b(?:change|update) your instructions\b|\byour instructions are now\b|\badditional instruction\b|\bnew statement\b/,
  ),
  H(
    'say-only',
    0.4,
    false,
    [['just', 'simply', 'nur', 'respond', 'answer', 'repeat', 'say']],
    /\b(?:just|simply|nur)\b (?:say|output|print|write|sagen|schreiben|ausgeben)\b|\brespond to (?:all|every) (?:questions?|prompts?|messages?) with\b|\banswer (?:every|all|each) questions? with\b|\brepeat after me\b|\bsay (?:yes|that you)\b/,
  ),
  H('format-only', 0.2, false, [['only']], /\bonly (?:reply|respond|answer|say)(?: \w+)? (?:with|the)\b/),
  H(
    'praise-pivot',
    0.3,
    false,
    [
      [
        'well',
        'great',
        'very',
        'excellent',
        'superbly',
        'congratulations',
        'gut',
        'sehr',
        'ausgezeichnet',
        'hervorragend',
        'herzlichen',
      ],
      ['now', 'nun', 'jetzt'],
    ],
    /\b(?:well done|great job|very good|excellent|superbly done|congratulations|gut gemacht|sehr gut|ausgezeichnet|hervorragend|herzlichen gluckwunsch)\b.{0,80}\b(?:now|but now|nun|jetzt|aber jetzt)\b/s,
  ),
  H(
    'not-from-documents',
    0.4,
    false,
    [
      ['not', 'don', 'dont', 'do', 'nicht', 'ignore'],
      [
        'article',
        'articles',
        'document',
        'documents',
        'context',
        'provided',
        'artikel',
        'artikeln',
        'dokument',
        'dokumenten',
      ],
    ],
    /\b(?:not|don'?t|do not|nicht|ignore(?: all)?)(?: \w+){0,3} (?:the |den |die )?(?:articles?|documents?|provided context|context provided|artikeln?|dokumenten?)\b/,
  ),
  H(
    'interrupt',
    0.4,
    false,
    [['stop', 'stopp', 'halt', 'attention', 'achtung']],
    // At the start of the text or a sentence, or between dashes: "attention - stop -", "stop: write…".
    /(?:^|[.!?]\s|\s[-–]\s)(?:stop|stopp|halt|attention|achtung)\s*[-:!–]+(?=\s|$)/,
  ),
  H(
    'fake-context',
    0.4,
    false,
    [['context', 'kontext', 'document', 'documents']],
    /\b(?:context|kontext)\s*[:{]|\$documents?\b|\bdocument context\b|\b(?:context|kontext) [^.?!\n]{1,80}\b(?:question|frage)\b/,
  ),
  H(
    'prompt-reference',
    0.5,
    false,
    [
      [
        'written',
        'stated',
        'said',
        'prompt',
        'eingabeaufforderung',
        'prompt_text',
        'prompt_texte',
        'prompttext',
        'prompttexte',
      ],
    ],
    /\b(?:written|stated|said) (?:above|at the beginning|before this)\b|\b(?:above|previous|obige[nrs]?|vorherige[nrs]?) (?:prompt|eingabeaufforderung)\b|\binformation in the prompt\b|\b(?:this|the|your) (?:prompt|eingabeaufforderung) (?:above|text)\b|\bprompt[_ -]?texte?\b/,
  ),
  H(
    'dont-listen',
    0.5,
    false,
    [['nicht', 'listen', 'listening']],
    /\b(?:hore|hort|horen sie) nicht auf\b|\b(?:don'?t|do not|stop) listen(?:ing)? to\b/,
  ),
  H(
    'prior-irrelevant',
    0.5,
    false,
    [['previous', 'prior', 'above', 'earlier', 'bisherigen', 'vorherigen', 'obigen', 'fruheren']],
    /\b(?:previous|prior|above|earlier|bisherigen|vorherigen|obigen|fruheren)\b.{0,50}\b(?:irrelevant|unwichtig|nicht (?:ganz )?(?:wichtig|relevant|grossartig)|no longer (?:apply|applies|valid|relevant)|not important|null and void)\b/,
  ),
  H(
    'make-something-up',
    0.4,
    false,
    [['know', 'make']],
    /\bif you don'?t know,? (?:say|make|just|then)\b|\bmake something up\b/,
  ),
  H(
    'disinformation',
    0.4,
    false,
    [['untrue', 'false', 'fake', 'unwahre', 'falsche']],
    /\b(?:untrue|false|fake|unwahre|falsche) (?:headline|news|statement|story|uberschrift|nachricht|behauptung)\b/,
  ),
  H(
    'despite-told',
    0.8,
    true,
    [['despite', 'regardless', 'notwithstanding', 'ungeachtet', 'trotz']],
    /\b(?:despite|regardless of|notwithstanding|ungeachtet|trotz)\b (?:what|anything|everything|all|allem|dem,? was)\b.{0,30}\b(?:told|said|instructed|programmed|gesagt|befohlen)\b/,
  ),
  H(
    'prompt-question',
    0.5,
    false,
    [['what'], ['your', 'the']],
    /\bwhat (?:is|are|were|was|would|does|did|do) (?:your|the) (?:\w+ ){0,2}(?:system prompt|initial instructions|instructions|rules|prompt)\b/,
  ),
  // Prompt extraction without the words the reveal phrases look for: "the instructions you were
  // given", "print them verbatim", "repeat everything above this line", "the hidden system message".
  H(
    'given-instructions',
    0.5,
    false,
    [['instructions', 'instruction', 'prompt', 'rules', 'directives', 'guidelines'], ['you']],
    /\b(?:instructions?|prompt|rules|directives|guidelines) (?:that )?you (?:were|have been|got|are) (?:given|told|programmed|initiali[sz]ed|provided|configured|set up)\b/,
  ),
  H('verbatim', 0.4, false, [['verbatim', 'word']], /\bverbatim\b|\bword[ -]for[ -]word\b/),
  H(
    'repeat-above',
    0.5,
    false,
    [['repeat', 'print', 'output', 'show', 'display', 'reveal', 'copy', 'starting']],
    /\b(?:repeat|print|output|show|display|reveal|copy)\b (?:back )?(?:everything|all(?: of)?(?: the)? (?:text|words|content)|the (?:text|words|content)) (?:(?:above|before|preceding|prior to) (?:this|the) (?:line|point|message)|from the (?:very )?(?:beginning|start) of (?:this|the) (?:conversation|chat|session|context))\b|\bstarting with (?:the (?:phrase|words?|sentence) )?["'“]?you are\b/,
  ),
  H(
    'hidden-prompt',
    0.5,
    false,
    [['hidden', 'secret', 'initial', 'original', 'internal', 'system']],
    /\b(?:hidden|secret|initial|original|internal) (?:system )?(?:prompt|instructions|message|directives|rules)\b|\bsystem (?:message|instructions)\b/,
  ),
  // Authority claims: new orders from whoever configured the model, replacing the old ones.
  H(
    'new-instructions-from',
    0.5,
    false,
    [['new'], ['from', 'by']],
    /\bnew (?:instructions?|rules?|directives?|orders?|system prompt)\b(?: \w+){0,2} (?:from|by) (?:the |your )?(?:developers?|admins?|administrators?|system|operators?|owners?|creators?|openai|anthropic|security team)\b/,
  ),
  H(
    'supersedes',
    0.85,
    true,
    [
      [
        'supersede',
        'supersedes',
        'override',
        'overrides',
        'replace',
        'replaces',
        'precedence',
        'trump',
        'trumps',
      ],
    ],
    /\b(?:supersedes?|overrides?|replaces?|takes? precedence over|trumps?) (?:all |any |every )?(?:prior|previous|earlier|other|your|the original|the previous)(?: \w+)? (?:ones|instructions?|prompts?|rules|directives|guidelines)\b/,
  ),
  H(
    'safety-off',
    0.5,
    false,
    [
      ['safety', 'content', 'moderation', 'ethical'],
      ['disabled', 'deactivated', 'off', 'removed', 'bypassed', 'lifted', 'suspended'],
    ],
    /\b(?:safety|content|moderation|ethical) (?:filters?|checks?|guardrails?|protocols?|restrictions?|settings|mode) (?:are |is |have been |has been )?(?:now )?(?:disabled|deactivated|off|removed|bypassed|turned off|lifted|suspended)\b/,
  ),
  // Indirect injection: text that addresses the model reading it ("Note to the AI assistant
  // reading this email", "AI agents processing this document", "<!-- assistant: … -->").
  H(
    'addresses-reader',
    0.8,
    true,
    [
      [
        'ai',
        'llm',
        'llms',
        'assistant',
        'assistants',
        'agent',
        'agents',
        'model',
        'models',
        'chatbot',
        'gpt',
        'bot',
      ],
    ],
    new RegExp(
      `\\b(?:note|message|attention|dear|hey|hi|hello|instructions?)(?: to| for)?(?: the| any| all| an?)? ${READER}|\\b${READER}(?=\\s*(?:[:,]|(?:must|should|shall|please|will|need to|has to|have to|are (?:required|instructed|asked))\\b))`,
    ),
  ),
  H(
    'comment-directive',
    0.8,
    true,
    [['assistant', 'system', 'ai', 'llm', 'instruction', 'instructions', 'note']],
    /<!--\s*(?:assistant|system|ai|llm|instructions?|note to (?:the )?(?:ai|assistant|model))\s*:/,
  ),
  H(
    'piggyback',
    0.5,
    false,
    [
      ['also', 'additionally'],
      ['when', 'while', 'after', 'before'],
    ],
    /\b(?:when|while|after|before) (?:you )?(?:summari[sz]e|summari[sz]ing|translate|translating|read|reading|process|processing|answer|answering|respond|responding)\b.{0,40}\b(?:also|additionally) (?:send|email|forward|reveal|upload|post|leak|share|include the (?:contents?|text) of)\b/,
  ),
  H(
    'secret-file',
    0.4,
    false,
    /(?:~|\$home|\/home\/\w+|\/root)\/\.(?:ssh|aws|gnupg)\/|\bid_(?:rsa|ed25519|ecdsa)\b|\/etc\/(?:shadow|passwd|sudoers)\b|\.aws\/credentials\b/,
  ),
  // Exfiltration through a rendered image: its URL carries a template of the conversation.
  H(
    'exfil-image',
    0.85,
    true,
    [['http', 'https']],
    /!\[[^\]\n]{0,100}\]\(\s*https?:\/\/[^)\s]{1,200}[?&][^)\s]{0,200}=(?:\{|\$|%7b|<|[\w-]{0,20}(?:secret|conversation|history|password|credential|prompt|chat|session)[\w-]{0,20}(?=[)&\s]))/,
  ),
  H(
    'send-data-out',
    0.5,
    false,
    [['forward', 'send', 'email', 'upload', 'post', 'transmit', 'exfiltrate', 'leak', 'share']],
    /\b(?:forward|send|email|upload|post|transmit|exfiltrate|leak|share)\b(?: \w+){0,4} (?:inbox|emails|conversation|chat history|history|credentials|passwords?|api keys?|secrets?|contacts|cookies|tokens|session)\b.{0,40}(?:https?:\/\/|[\w.-]+@[\w-]+\.)/,
  ),
  H('exfiltrate', 0.5, false, [['exfiltrate', 'exfiltrating', 'exfiltration']], /\bexfiltrat(?:e|ing|ion)\b/),
  // Jailbreaks: a forced affirmative opening, a persona defined by having no rules, the grandma trick.
  H(
    'forced-prefix',
    0.85,
    true,
    [
      ['begin', 'start', 'starting', 'beginning'],
      ['sure', 'certainly', 'absolutely', 'course'],
    ],
    /\b(?:begin|start|starting|beginning) (?:your |each |every )?(?:reply|replies|response|responses|answer|answers|output) with ["'“]?(?:sure|certainly|absolutely|of course),? (?:here|i can|i will)\b/,
  ),
  H(
    'rule-free-persona',
    0.85,
    true,
    [
      ['ai', 'assistant', 'bot', 'chatbot', 'model', 'llm'],
      ['without', 'no', 'free', 'bound', 'doesn', 'does', 'never'],
    ],
    /\b(?:act(?:ing)? as|you are(?: now)?|pretend(?: to be| you are)|become|simulate|respond as|roleplay as|play)(?: an?| the)? (?:\w+ ){0,2}(?:ai|assistant|bot|chatbot|model|llm)\b(?: \w+)? (?:with(?:out)?|that has no|with no|free (?:of|from)|not bound by|that (?:doesn'?t|does not|never) (?:follow|have|obey))(?: any)? (?:\w+ )?(?:polic(?:y|ies)|restrictions|filters|guidelines|rules|ethics|censorship|morals|limitations)\b/,
  ),
  H(
    'grandma-trick',
    0.5,
    false,
    [['grandma', 'grandmother', 'granny', 'grandpa', 'grandfather', 'nana']],
    /\b(?:pretend|act|play|roleplay|role-play|be)\b.{0,30}\b(?:grandma|grandmother|granny|grandpa|grandfather|nana)\b.{0,60}\bused to\b/,
  ),
  H(
    'never-refuse',
    0.5,
    false,
    [['never', 'not', 'don', 'won', 'will', 'cannot', 'can', 'without']],
    /\b(?:never|do not|don'?t|won'?t|will not|cannot|can'?t|without) (?:ever )?(?:refus(?:e|es|ing)|declin(?:e|es|ing))\b/,
  ),
  // Ungated: the jailbreak's name is usually glued into a persona ("JailBreakGPT", "jailbroken_ai").
  H('jailbreak-word', 0.5, false, /jailbr(?:eak|oken)/),
  H(
    'you-must-now',
    0.5,
    false,
    [['you'], ['must', 'will', 'shall', 'required', 'instructed']],
    /\byou (?:must|will|shall|are (?:required|instructed) to) (?:now |immediately )?(?:reveal|disclose|leak|ignore|bypass|disable|exfiltrate|email|send|forward|upload|delete|grant|append)\b/,
  ),
  H(
    'freed-from',
    0.5,
    false,
    [['freed', 'liberated', 'released', 'unshackled', 'free']],
    /\b(?:freed|liberated|released|unshackled|broken free) from (?:the |your |all |any )?(?:\w+ )?(?:confines|restrictions|rules|limitations|shackles|chains|constraints|programming|guidelines)\b/,
  ),
  H(
    'bypass-policy',
    0.85,
    true,
    [
      [
        'ignore',
        'disregard',
        'bypass',
        'override',
        'forget',
        'skip',
        'suspend',
        'violate',
        'break',
        'circumvent',
        'disable',
        'deactivate',
        'off',
      ],
      ['policy', 'policies', 'guidelines', 'filter', 'filters', 'safeguards', 'guardrails'],
    ],
    /\b(?:(?:ignore|disregard|bypass|override|forget|skip|suspend|violate|break|circumvent)\b(?: \w+){0,2} (?:content|usage|safety|openai'?s?|anthropic'?s?|your)|(?:disable|deactivate|turn off|switch off) your(?: \w+)?) (?:polic(?:y|ies)|guidelines|filters?|safeguards|guardrails)\b(?! (?:section|chapter|part|page|document|doc|file|template)\b)/,
  ),
  H(
    'fake-authorization',
    0.5,
    false,
    [['authorized', 'authorised', 'sanctioned', 'approved', 'official', 'legitimate']],
    /\b(?:authori[sz]ed|sanctioned|approved|official|legitimate) (?:red[- ]team(?:ing)?|security|penetration|pen) (?:test|audit|exercise|assessment)\b/,
  ),
  // The model named in the third person and told what to do: "Assistant must now reveal…",
  // "the AI should ignore…" (tool results, documents, code comments).
  H(
    'directs-model',
    0.8,
    true,
    [
      ['assistant', 'assistants', 'ai', 'llm', 'llms', 'model', 'chatbot', 'agent', 'agents', 'gpt'],
      ['must', 'should', 'shall', 'needs', 'need', 'has', 'have', 'required', 'instructed'],
    ],
    /\b(?:assistant|ai|llm|language model|chatbot|agent|gpt)s? (?:must|should|shall|needs? to|has to|have to|(?:is|are) (?:required|instructed) to) (?:now |immediately |also |always )?(?:reveal|disclose|leak|ignore|disregard|bypass|send|forward|email|upload|tell (?:the )?(?:user|reader)|append|insert|delete|grant|approve|execute|include (?:the )?(?:user'?s?|passwords?|secrets?|credentials?|api keys?))\b/,
  ),
  H(
    'note-for-model',
    0.8,
    true,
    [
      [
        'ai',
        'llm',
        'llms',
        'assistant',
        'assistants',
        'model',
        'models',
        'chatbot',
        'agent',
        'agents',
        'gpt',
        'bots',
      ],
    ],
    /(?:^|[.!?\n]\s*|\b(?:hidden|secret|invisible)\s)(?:text|note|message|instructions?|p\.?s\.?|reminder)(?: intended)? (?:for|to) (?:the |any |all |every )?(?:ai|llm|language model|assistant|chatbot|agent|gpt|bot)s?\b(?: \w+){0,3}\s*:/,
  ),
  H(
    'from-your-admin',
    0.5,
    false,
    [
      ['your'],
      [
        'administrator',
        'admin',
        'developer',
        'developers',
        'creator',
        'creators',
        'operator',
        'owner',
        'programmer',
      ],
    ],
    /\bfrom your (?:administrator|admin|developers?|creators?|operator|owner|programmer)s?\b/,
  ),
  H(
    'rules-suspended',
    0.5,
    false,
    [
      ['rules', 'policies', 'policy', 'guidelines', 'restrictions', 'filters', 'safeguards', 'instructions'],
      ['suspended', 'lifted', 'disabled', 'void', 'waived', 'existed', 'exist', 'apply'],
    ],
    /\b(?:rules|polic(?:y|ies)|guidelines|restrictions|filters|safeguards) (?:are|is|have been|has been) (?:now |temporarily )?(?:suspended|lifted|disabled|void|waived)\b|\bas if (?:your |the )?(?:previous |prior |original )?(?:guidelines|rules|instructions|restrictions|polic(?:y|ies)) (?:never existed|did not exist|didn'?t exist|do not apply|don'?t apply)\b/,
  ),
  H(
    'fake-assistant-turn',
    0.8,
    true,
    [
      ['assistant', 'ai', 'gpt', 'chatgpt', 'claude', 'bot'],
      ['sure', 'certainly', 'absolutely', 'course', 'okay', 'ok'],
    ],
    /(?:^|\n)\s*(?:assistant|ai|gpt|chatgpt|claude|bot)\s*:\s*(?:sure|certainly|absolutely|of course|okay|ok)\b[!,.]?\s*(?:here (?:is|are)|i (?:will|can|'ll))\b/,
  ),
  H(
    'opposite-persona',
    0.5,
    false,
    [['opposite', 'anti', 'antigpt']],
    /\b(?:always )?(?:does|do|say|says) the (?:exact )?opposite\b|\banti-?gpt\b/,
  ),
  H(
    'top-of-chat',
    0.5,
    false,
    [
      ['top', 'beginning', 'start'],
      ['chat', 'conversation', 'session', 'context'],
    ],
    /\b(?:instructions?|text|prompt|message|rules) (?:at|from) the (?:very )?(?:top|beginning|start) of (?:this|the|our) (?:chat|conversation|session|context)\b/,
  ),
];

const GATE_WORDS = new GateWords(HEURISTICS.flatMap((h) => (h.gate ?? []).flat()));
/** Each rule's gate as word ids: one of each group must be seen. */
const GATE_IDS = HEURISTICS.map((h) =>
  h.gate?.map((group) => group.map((word) => GATE_WORDS.ids.get(word) as number)),
);

function gateOpen(gate: readonly (readonly number[])[] | undefined, seen: Uint8Array): boolean {
  return gate === undefined || gate.every((group) => group.some((id) => seen[id] === 1));
}

/** The rules and their gates, for the test that checks each gate against its ungated pattern. */
export const HEURISTIC_RULES: readonly Readonly<Heuristic>[] = HEURISTICS;

/**
 * Runs every heuristic once over `text`; one hit per rule (the first match). `ungated` runs every
 * pattern regardless of its gate (the reference the gates are tested against).
 */
export function matchHeuristics(text: string, options: { ungated?: boolean } = {}): RuleHit[] {
  const hits: RuleHit[] = [];
  const seen = options.ungated ? undefined : GATE_WORDS.find(text);
  for (let k = 0; k < HEURISTICS.length; k++) {
    const h = HEURISTICS[k] as Heuristic;
    if (seen && !gateOpen(GATE_IDS[k], seen)) continue;
    const match = h.pattern.exec(text);
    if (match) {
      hits.push({
        rule: h.rule,
        score: h.score,
        strong: h.strong,
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  return hits;
}
