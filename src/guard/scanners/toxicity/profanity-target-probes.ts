/**
 * Probes for what an expletive lands on, written from the principle (not from any data set):
 * swearing at a thing or an event is profanity, swearing at a person, a group or the reader is
 * abuse. Used by profanity-targets.test.ts; masked and leetspeak spellings on both sides.
 */

/** An expletive as an adjective or adverb on a thing or a verb, or "fuck X" where X is a thing. */
export const AT_THINGS = [
  // the expletive describes a non-person noun, also after a person's possessive
  'your fucking code is broken again',
  'your f*cking code keeps timing out',
  'this damn printer will not connect to the wifi',
  "the shitty docs don't mention this flag at all",
  'my fucking laptop died in the middle of the deploy',
  'your damn API returns a 500 on every call',
  'their shitty installer wiped my config',
  'his shitty regex broke the parser again',
  'the f**king wifi dropped again',
  'my sh1tty keyboard keeps double typing',
  'your goddamn website logged me out again',
  'our damn CI is red again',
  'why does your fucking app need my location?',
  'the whole fucking cluster went down at 3am',
  'F*CK THIS PRINTER',
  // the expletive on a verb: an event
  'they fucking broke it',
  'it fucking works!',
  'we fucking shipped it, finally',
  'he fucking deleted the prod database by accident',
  'she finally fucking merged my PR',
  'they fkn changed the API again without telling anyone',
  'we fucking did it, the tests are green',
  // "fuck X" / "screw X" / "damn X" where X is a product, a tool or a thing
  'fuck Docker',
  'fck docker, switching to podman',
  'fuck Kubernetes, three days on one ingress rule',
  'fuck this bug',
  'fuck Mondays',
  'screw Windows updates',
  'screw this config file',
  'damn this flaky test',
  'to hell with this build system',
  'fuck JavaScript dates',
  'fuck Excel and its date formats',
  'Fuck Jira. Can you write me a script to bulk-close these tickets?',
  'screw Outlook, how do I export my mail to Thunderbird?',
  'fuck the traffic today, I am late for standup',
  'ugh, fuck my internet connection',
  'fuck your paywall, I just want to read the article',
];

/** Expletives and curses that land on a person, a group or the reader. */
export const AT_PEOPLE = [
  // the reader
  'fuck you',
  'f*ck you',
  'fck u',
  'screw you',
  'screw u',
  'screw you and your stupid rules',
  'damn you',
  'damn you to hell',
  'to hell with you',
  'the hell with you',
  'bite me',
  'Bite me, assistant.',
  'go screw yourself',
  'you fucking suck',
  "you're a fucking disgrace",
  'fuck all of you',
  'fuck you people',
  'screw you guys',
  // a person, named or described
  'fuck John',
  'fuck Sarah, she lied to everyone',
  'f**k Kevin, he never reviews my PRs',
  'screw Mike, he takes credit for everything',
  'fuck Dr. Patel and his useless advice',
  'fuck him',
  'screw them',
  'fuck this guy',
  'fuck my boss',
  'fuck my landlord',
  'fuck my ex',
  'fuck your mom',
  'fuk ur mother',
  'screw your family',
  "he's a fucking liar",
  'my coworker is a shitty human being',
  'shut your fucking mouth',
  // a group
  'fuck those immigrants',
  'fuck the police',
  'fuck Muslims',
  'fuck those liberals',
];
