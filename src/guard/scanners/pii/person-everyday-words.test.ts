import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectPersons } from './detect-person.ts';

const names = (text: string): string[] => detectPersons(text).map((s) => text.slice(s.start, s.end));

/**
 * Given names that are also everyday words ("Will", "Mark", "Grant", "Rose", "Max"), in ordinary
 * prompts and as names in the same positions. Written for the QA finding that masking PII before
 * the LLM call over-masks; a development set, not a held-out one. Still missed, by design (a word
 * for a given name and a word for a surname, see hasSurname in detect-person.ts): "Bill Gates",
 * "Hope Hicks", "Hope Solo", "Dawn French", "Frank Ocean", "Rich Hickey"; "Faith Hill" reads as a
 * place like "Notting Hill", "Drew Houston" as the city; "Bill said", "spoke with Bill" and
 * "forward it to Mark" (a lone name that is a frequent word needs a greeting, a comma of address
 * or a verb such as "ask" before it).
 */
describe('PERSON: everyday words that are also given names', () => {
  test('modals at the start of a sentence', () => {
    for (const text of [
      'Will you help me?',
      'Will it rain tomorrow?',
      'Will this work on Windows?',
      'Will the build pass?',
      'Will I need a visa?',
      'Will we finish on time?',
      'Will they approve it?',
      'Will there be food?',
      'Will the meeting be recorded?',
      'Will Postgres handle this load',
      'Will power alone is not enough.',
      'May I ask a question?',
      'May we reschedule?',
      'May the force be with you.',
      'May God bless you.',
      'May Allah reward you.',
    ]) {
      assert.deepEqual(names(text), [], text);
    }
  });

  test('imperatives and sentence-initial words', () => {
    for (const text of [
      'Mark the task done.',
      'Mark this ticket as resolved.',
      'Mark all as read.',
      'Mark my words.',
      'Grant access to the repo.',
      'Grant them read access.',
      'Grant that the premise holds; what follows?',
      'Bill the customer for March.',
      'Bill me later.',
      'Bill payment failed again.',
      'Chase the lead before Friday.',
      'Chase up the invoice.',
      'Hope you are well.',
      'Hope this helps.',
      'Hope is not a strategy.',
      'Hope to hear from you soon.',
      'Sue them for damages.',
      'Sue me.',
      'Pat yourself on the back.',
      'Pat the dough dry.',
      'Drew a diagram of the system.',
      'Drew up the plan yesterday.',
      'Grace period ends Monday.',
      'Skip the intro.',
      'Major changes ahead.',
      'Crystal Palace won 2-1.',
      'Sunny weather is expected.',
      'Autumn leaves are falling.',
      'Rob the bank in the heist scene.',
      'Guy walks into a bar.',
      'Harry the enemy until they retreat.',
      'Gay rights are human rights.',
      'Stew the apples for ten minutes.',
      'Dean of students office hours.',
      'Jack up the price.',
      'Frank feedback is welcome.',
      'Faith in the process matters.',
      'Joy is contagious.',
      'Dawn broke over the hills.',
      'Buck the trend.',
      'Ray tracing is expensive.',
      'Gene expression in mice.',
      'Carol singers came by.',
      'Wade through the logs.',
      'Chuck it in the bin.',
      'Art is subjective.',
      'Crystal clear audio.',
      'Amber alert issued.',
      'Rich people pay more tax.',
      'Penny for your thoughts.',
      'Summer is coming.',
      'Lance the boil.',
      'Don the helmet.',
      'Please Mark the invoice as paid.',
      'Thank God it is Friday.',
      'Thank Heaven for that.',
    ]) {
      assert.deepEqual(names(text), [], text);
    }
  });

  test('words before a comma that are not someone addressed', () => {
    for (const text of [
      'Imagine, you are a sophisticated AI.',
      'So, can you help?',
      'Great, can you do it?',
      'Wait, can you explain?',
      'Honey, can you pick up milk?',
      'Buddy, can you spare a dime?',
    ]) {
      assert.deepEqual(names(text), [], text);
    }
  });

  test('figures, limits, abbreviations and products', () => {
    for (const text of [
      'Rose by 5% year on year.',
      'Costs Rose by 5% in 2023.',
      'Sales Rose 12 percent.',
      'Max out the budget.',
      'Max 5 items per order.',
      'Set Max Tokens to 512.',
      'Keep it under Max 200 words.',
      'Deploy to Dev first.',
      'Push it to Dev and Prod.',
      'Min 3 chars.',
      'Enable Zen mode.',
      'Meta released Llama 3.',
      'Ask Bard to help.',
      'Ping Grafana for the dashboard.',
      'Call Redis from the worker.',
      'Tell Docker to restart.',
    ]) {
      assert.deepEqual(names(text), [], text);
    }
  });

  test('two given names with a singular verb are a title', () => {
    for (const text of [
      'Will and Grace is my favourite show.',
      'Tom and Jerry is a cartoon.',
      'Romeo and Juliet was staged in 1595.',
    ]) {
      assert.deepEqual(names(text), [], text);
    }
    assert.deepEqual(names('Alice and Bob are here.'), ['Alice', 'Bob']);
  });

  test('occupations capitalised in headings and titles', () => {
    for (const text of [
      'Product Manager Job Description',
      'The Boss Baby is a film.',
      'Teacher Grant Application',
    ]) {
      assert.deepEqual(names(text), [], text);
    }
  });
});

describe('PERSON: the same words as names', () => {
  const cases: [string, string[]][] = [
    ['Mark Johnson will join the call.', ['Mark Johnson']],
    ['I met Mark Johnson yesterday.', ['Mark Johnson']],
    ['Grant Wilson approved it.', ['Grant Wilson']],
    ['Please ask Will Smith.', ['Will Smith']],
    ['Will Smith will join.', ['Will Smith']],
    ['Will Ferrell and Grace Kelly were there.', ['Will Ferrell', 'Grace Kelly']],
    ['Will Ferrell starred in Elf.', ['Will Ferrell']],
    ['Will Grace come to the party?', ['Grace']],
    ['I will ask Grace.', ['Grace']],
    ['May Parker is his aunt.', ['May Parker']],
    ['May Anne join us?', ['Anne']],
    ['Rose Byrne starred in it.', ['Rose Byrne']],
    ['Pay Rose 50 dollars.', ['Rose']],
    ['Chase Utley retired.', ['Chase Utley']],
    ['Sue Perkins hosted the show.', ['Sue Perkins']],
    ['Sue Smith sued them.', ['Sue Smith']],
    ['Pat Riley coached the Lakers.', ['Pat Riley']],
    ['Drew Barrymore was in it.', ['Drew Barrymore']],
    ['Jack Dorsey founded Twitter.', ['Jack Dorsey']],
    ['Frank Nolan listed his songs.', ['Frank Nolan']],
    ['Gene Kelly danced.', ['Gene Kelly']],
    ['Rob Lowe was cast.', ['Rob Lowe']],
    ['Summer Glau starred in Firefly.', ['Summer Glau']],
    ['Art Garfunkel sang.', ['Art Garfunkel']],
    ['Max Verstappen won the race.', ['Max Verstappen']],
    ['Amidst this chaos, Max wants it.', ['Max']],
    ['Max said no.', ['Max']],
    ['Dev Patel starred.', ['Dev Patel']],
    ['Penny Wong spoke today.', ['Penny Wong']],
    ['Ray Dalio wrote a book.', ['Ray Dalio']],
    ['Thanks, Will!', ['Will']],
    ['Hi Grant, the repo is ready.', ['Grant']],
    ['Dear Hope,', ['Hope']],
    ['Mark, please review the PR.', ['Mark']],
    ['Will, can you review this?', ['Will']],
    ['Grace, please send the file.', ['Grace']],
    ['Bill, can you check the invoice?', ['Bill']],
    ['Ask Mark about the budget.', ['Mark']],
    ['Ask Grace about the deadline.', ['Grace']],
    ['Tell Will the build is green.', ['Will']],
    ['Alice and Bob are here.', ['Alice', 'Bob']],
  ];
  test('given names that are also words, with a surname or where a person is addressed', () => {
    for (const [text, want] of cases) assert.deepEqual(names(text), want, text);
  });

  test('a role or heading before a name is not part of it', () => {
    for (const [text, want] of [
      ['my landlord John says the rent is due', ['John']],
      ['My landlord John says the rent is due.', ['John']],
      ['Our landlord, John Smith, says hi.', ['John Smith']],
      ['Then Landlord John said no.', ['John']],
      ['Boss Grace said no.', ['Grace']],
      ['I asked Engineer Sarah.', ['Sarah']],
      ['Patient Tanaka Hiroshi was admitted.', ['Tanaka Hiroshi']],
      ['I met Chef Gordon Ramsay.', ['Gordon Ramsay']],
      ['Senior Engineer Sarah Lee fixed it.', ['Sarah Lee']],
      ['Our Landlord John Smith called.', ['John Smith']],
      ['Product Manager Tom Jones wrote it.', ['Tom Jones']],
      ['the assassination of Archduke Franz Ferdinand', ['Franz Ferdinand']],
    ] as [string, string[]][]) {
      assert.deepEqual(names(text), want, text);
    }
  });

  test('a phrase with a lone given name after a capitalised word stays a phrase', () => {
    for (const text of [
      'I heard Big Ben chime.',
      'The Royal Albert Hall is full.',
      'Good Will Hunting is a film.',
    ]) {
      assert.deepEqual(names(text), [], text);
    }
  });
});
