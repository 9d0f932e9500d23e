import fs from 'node:fs';
import path from 'node:path';
import { MAX_CARD_BYTES } from '../../src/cards/render';
import { Verbs } from '../../src/cards/verbs';
import { cardSamples, HOSTILE, SAMPLE_VIEWER_ID, type CardSample } from '../support/cardSamples';
import { cardProblems } from '../support/cards';

// The npm `main` of adaptivecards is untranspiled ESM; its UMD bundle loads in Node (as in test/support/cards.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

type JsonObject = Record<string, unknown>;

const TEMPLATE_DIR = path.join(__dirname, '../../cards');
/** Every template in `cards/`, read from disk as the bot ships them. */
const templates: Array<{ file: string; json: unknown }> = fs
  .readdirSync(TEMPLATE_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ file, json: JSON.parse(fs.readFileSync(path.join(TEMPLATE_DIR, file), 'utf8')) }));

/**
 * Checks that fail today because of a defect in a template or a render function, which these tests
 * may not change. Each runs as `test.failing`: it passes while the defect is there and fails once it is
 * fixed, which is the signal to delete its line here. Keys are `<sample>/<check>`.
 */
const KNOWN_DEFECTS: Record<string, string> = {};

/** `test`, or `test.failing` with the defect in its name when the check is known to fail today. */
function check(sample: CardSample, name: string, title: string, fn: () => void): void {
  const defect = KNOWN_DEFECTS[`${sample.name}/${name}`];
  if (defect) test.failing(`${title} [known defect: ${defect}]`, fn);
  else test(title, fn);
}

// ---- walking JSON -------------------------------------------------------------------------------

/** Every object in a JSON tree with the keys that lead to it. */
function* objects(node: unknown, keys: string[] = []): Generator<{ node: JsonObject; keys: string[] }> {
  if (Array.isArray(node)) {
    for (const item of node) yield* objects(item, keys);
    return;
  }
  if (!node || typeof node !== 'object') return;
  yield { node: node as JsonObject, keys };
  for (const [key, value] of Object.entries(node)) yield* objects(value, [...keys, key]);
}

/** Every `verb` a template names: `Action.Execute.verb`, `data.verb` of any action, in fallbacks and refresh. */
function verbsOf(template: unknown): string[] {
  return [...objects(template)].flatMap(({ node }) => (typeof node.verb === 'string' ? [node.verb] : []));
}

/**
 * Where Teams never uses a fallback. The reference parser (adaptivecards 3.0.6, `card-elements.js`)
 * parses action lists with `allowFallback = !isDesignMode()`, but `selectAction` with
 * `allowFallback = isDesignMode()` and `refresh.action` with `allowFallback = false` (and only
 * `Action.Execute` is allowed there); a test below confirms that behaviour with the parser itself.
 */
function fallbackExempt(keys: string[]): 'selectAction' | 'refresh.action' | undefined {
  const last = keys[keys.length - 1];
  if (last === 'selectAction') return 'selectAction';
  if (last === 'action' && keys[keys.length - 2] === 'refresh') return 'refresh.action';
  return undefined;
}

/** What is wrong with a template's `Action.Execute` fallbacks; empty when every one is right. */
function fallbackProblems(template: unknown): string[] {
  const problems: string[] = [];
  for (const { node, keys } of objects(template)) {
    if (node.type !== 'Action.Execute' || keys.includes('fallback')) continue;
    const where = `${keys.join('.') || '(root)'} "${String(node.title ?? node.verb)}"`;
    const data = (node.data ?? {}) as JsonObject;
    if (data.verb !== node.verb) problems.push(`${where}: data.verb ${JSON.stringify(data.verb)} differs from verb ${JSON.stringify(node.verb)}`);
    if (fallbackExempt(keys)) continue;
    const fallback = node.fallback as JsonObject | undefined;
    if (!fallback || typeof fallback !== 'object' || fallback.type !== 'Action.Submit') {
      problems.push(`${where}: no Action.Submit fallback`);
      continue;
    }
    const fallbackData = (fallback.data ?? {}) as JsonObject;
    if (fallbackData.verb !== node.verb) problems.push(`${where}: fallback data.verb ${JSON.stringify(fallbackData.verb)} differs from verb ${JSON.stringify(node.verb)}`);
    const keysOf = (o: JsonObject) => Object.keys(o).sort().join(',');
    if (keysOf(fallbackData) !== keysOf(data)) problems.push(`${where}: fallback data keys [${keysOf(fallbackData)}] differ from [${keysOf(data)}]`);
    const differing = Object.keys(data).filter((k) => k !== 'verb' && k in fallbackData && JSON.stringify(fallbackData[k]) !== JSON.stringify(data[k]));
    if (differing.length > 0) problems.push(`${where}: fallback data values of ${differing.join(', ')} differ`);
    if (fallback.title !== node.title) problems.push(`${where}: fallback title ${JSON.stringify(fallback.title)} differs`);
  }
  return problems;
}

/** The texts of a rendered card, by how a client reads them. */
function textsOf(card: unknown): { runs: string[]; markdown: string[]; urls: string[]; linkedRuns: number } {
  const runs: string[] = [];
  const markdown: string[] = [];
  const urls: string[] = [];
  let linkedRuns = 0;
  for (const { node } of objects(card)) {
    if (node.type === 'TextRun' && typeof node.text === 'string') {
      runs.push(node.text);
      if (node.selectAction) linkedRuns++;
    }
    if (node.type === 'TextBlock' && typeof node.text === 'string') markdown.push(node.text);
    if (node.type === 'FactSet' && Array.isArray(node.facts)) for (const fact of node.facts as JsonObject[]) markdown.push(String(fact.title), String(fact.value));
    if (typeof node.url === 'string') urls.push(node.url);
  }
  return { runs, markdown, urls, linkedRuns };
}

/** Markdown that came through unescaped from the hostile probe (a `\` before a character makes it literal). */
const UNESCAPED_MARKDOWN: RegExp[] = [
  /(?<!\\)\*\*PWNED/,
  /(?<!\\)_PWNED/,
  /(?<!\\)\[PWNED/,
  /(?<!\\)`PWNED/,
  /^\s*(?:[-+*]|\d+\.|#{1,6}|>)\s+PWNED/m,
];
/** Link syntax (`[text](url)`) anywhere in a markdown text; no template writes one, so any is from data. */
const MARKDOWN_LINK = /(?<!\\)\]\s*\(/;

// ---- tests ----------------------------------------------------------------------------------------

describe('card samples render, parse and fit', () => {
  test('the samples have unique, file-safe names', () => {
    const names = cardSamples.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  for (const sample of cardSamples) {
    check(sample, 'renders', `when ${sample.name} is rendered, then its JSON stays under ${MAX_CARD_BYTES} bytes`, () => {
      const bytes = Buffer.byteLength(JSON.stringify(sample.card));
      expect(bytes).toBeLessThan(MAX_CARD_BYTES);
    });

    check(sample, 'parses', `when ${sample.name} is parsed by adaptivecards, then it reports no warnings`, () => {
      expect(cardProblems(sample.card)).toEqual([]);
    });

    if (!sample.hostile) {
      check(sample, 'bound', `when ${sample.name} is rendered, then every template expression is bound`, () => {
        const leftovers = [...objects(sample.card)].flatMap(({ node, keys }) => [
          ...Object.keys(node).filter((k) => k.startsWith('$') && k !== '$schema').map((k) => `${keys.join('.')}.${k}`),
          ...Object.entries(node).filter(([, v]) => typeof v === 'string' && v.includes('${')).map(([k, v]) => `${keys.join('.')}.${k} = ${String(v)}`),
        ]);
        expect(leftovers).toEqual([]);
      });
    }
  }
});

describe('verbs: templates and the verb table name the same set', () => {
  const used = new Set(templates.flatMap((t) => verbsOf(t.json)));
  const table = Object.values(Verbs) as string[];

  test('there are templates to check', () => {
    expect(templates.map((t) => t.file)).toEqual(expect.arrayContaining(['job.json', 'jobList.json', 'timeline.json', 'compare.json', 'help.json', 'notice.json', 'choice.json']));
  });

  test('every verb a template uses is in Verbs', () => {
    const unknown = templates.flatMap((t) => verbsOf(t.json).filter((v) => !table.includes(v)).map((v) => `${t.file}: ${v}`));
    expect(unknown).toEqual([]);
  });

  test('every verb in Verbs is used by some template', () => {
    expect(table.filter((v) => !used.has(v))).toEqual([]);
  });

  test('the verb table has no duplicate values', () => {
    expect(new Set(table).size).toBe(table.length);
  });

  test('the check sees verbs in Action.Execute, data, fallbacks and refresh', () => {
    const card = { refresh: { action: { type: 'Action.Execute', verb: 'a.refresh', data: { verb: 'a.refresh' } } }, actions: [{ type: 'Action.Execute', verb: 'a.exec', data: { verb: 'a.data' }, fallback: { type: 'Action.Submit', data: { verb: 'a.fallback' } } }] };
    expect(verbsOf(card).sort()).toEqual(['a.data', 'a.exec', 'a.fallback', 'a.refresh', 'a.refresh']);
  });
});

describe('fallbacks: every Action.Execute a client may lack has an Action.Submit with the same verb and data', () => {
  test.each(templates.map((t) => [t.file, t.json] as const))('%s', (_file, json) => {
    expect(fallbackProblems(json)).toEqual([]);
  });

  test('refresh.action is the only Action.Execute without a fallback', () => {
    const exempt = templates.flatMap((t) =>
      [...objects(t.json)].filter(({ node, keys }) => node.type === 'Action.Execute' && !node.fallback).map(({ keys }) => `${t.file}: ${fallbackExempt(keys) ?? keys.join('.')}`),
    );
    expect(exempt.sort()).toEqual(['job.json: refresh.action']);
  });

  test('the check reports a missing fallback, a wrong verb and a missing data key', () => {
    const execute = (fallback?: object) => ({ type: 'Action.Execute', title: 'Go', verb: 'job.show', data: { verb: 'job.show', postingId: '${postingId}' }, ...(fallback ? { fallback } : {}) });
    const submit = (data: object) => ({ type: 'Action.Submit', title: 'Go', data });

    expect(fallbackProblems({ actions: [execute(submit({ verb: 'job.show', postingId: '${postingId}' }))] })).toEqual([]);
    expect(fallbackProblems({ actions: [execute()] })).toEqual([expect.stringContaining('no Action.Submit fallback')]);
    expect(fallbackProblems({ body: [{ type: 'ActionSet', actions: [execute(submit({ verb: 'job.save', postingId: '${postingId}' }))] }] })).toEqual([expect.stringContaining('fallback data.verb "job.save"')]);
    expect(fallbackProblems({ actions: [execute(submit({ verb: 'job.show' }))] })).toEqual([expect.stringContaining('fallback data keys')]);
    expect(fallbackProblems({ refresh: { action: execute() }, body: [{ type: 'Container', selectAction: execute() }] })).toEqual([]);
  });

  test('removing a fallback from a real template is caught', () => {
    const job = structuredClone(templates.find((t) => t.file === 'job.json')!.json) as { actions: JsonObject[] };
    const save = job.actions.find((a) => a.verb === Verbs.save)!;
    delete save.fallback;

    expect(fallbackProblems(job)).toEqual([expect.stringContaining('"Save to my jobs": no Action.Submit fallback')]);
  });

  test('the adaptivecards parser uses a fallback in an action list, but not in selectAction or refresh.action', () => {
    // An action type no client knows forces the fallback, which shows where a client would consult one.
    const unknownWithFallback = { type: 'Action.FromTheFuture', title: 'X', fallback: { type: 'Action.Submit', title: 'X', data: { verb: 'x' } } };
    const card = new AC.AdaptiveCard();
    card.parse({
      type: 'AdaptiveCard',
      version: '1.5',
      refresh: { action: unknownWithFallback },
      body: [{ type: 'Container', items: [{ type: 'TextBlock', text: 'row' }], selectAction: unknownWithFallback }],
      actions: [unknownWithFallback],
    }, new AC.SerializationContext());

    expect(card.getActionAt(0)).toBeInstanceOf(AC.SubmitAction);
    expect(card.getItemAt(0).selectAction).toBeUndefined();
    expect(card.refresh?.action).toBeUndefined();
  });
});

describe('hostile strings are shown as text, never as markdown, links or expressions', () => {
  const hostile = cardSamples.filter((s) => s.hostile);

  test('there are hostile samples of every kind of card', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(8);
  });

  for (const sample of hostile) {
    check(sample, 'carried', `when ${sample.name} is rendered, then the hostile data reaches the card`, () => {
      const { runs, markdown } = textsOf(sample.card);
      expect([...runs, ...markdown].some((t) => t.includes('PWNED'))).toBe(true);
    });

    check(sample, 'literal', `when ${sample.name} is rendered, then TextRuns show the data verbatim`, () => {
      const runs = textsOf(sample.card).runs.filter((t) => t.includes('PWNED'));
      for (const run of runs) {
        expect(run).not.toContain('\\'); // the data has no backslash: one here means a TextRun was escaped and shows it
        if (run.includes('**PWNED')) expect(run).toContain(HOSTILE.literal);
      }
    });

    check(sample, 'escaped', `when ${sample.name} is rendered, then TextBlocks and facts show the data with every markdown character escaped`, () => {
      const texts = textsOf(sample.card).markdown.filter((t) => t.includes('PWNED'));
      for (const text of texts) {
        for (const pattern of UNESCAPED_MARKDOWN) expect({ text, unescaped: pattern.test(text) }).toEqual({ text, unescaped: false });
        if (text.includes('PWNED\\*\\*')) expect(text).toContain(HOSTILE.escaped);
      }
    });

    check(sample, 'visible-escapes', `when ${sample.name} is rendered, then no escape leaves a backslash on screen`, () => {
      // CommonMark (markdown-it, the renderer's default) escapes only ASCII punctuation: "\\1." shows its backslash, "1\\." does not.
      const texts = textsOf(sample.card).markdown.filter((t) => t.includes('PWNED'));
      expect(texts.filter((t) => /\\(?![!-/:-@[-`{-~])/.test(t))).toEqual([]);
    });

    check(sample, 'no-links', `when ${sample.name} is rendered, then nothing from its data becomes a link`, () => {
      const { markdown, urls, linkedRuns } = textsOf(sample.card);
      expect(markdown.filter((t) => MARKDOWN_LINK.test(t))).toEqual([]);
      expect(urls.filter((u) => !sample.allowedUrls.includes(u) || !/^https?:\/\//.test(u))).toEqual([]);
      expect(linkedRuns).toBe(0);
    });

    check(sample, 'not-evaluated', `when ${sample.name} is rendered, then \${…} in its data stays text`, () => {
      const json = JSON.stringify(sample.card);
      expect(json).toContain('${$root.viewerId} ${1+1}');
      // The viewer id may appear only where the template puts it: refresh.userIds.
      const userIds = ((sample.card.refresh as { userIds?: string[] } | undefined)?.userIds ?? []).filter((id) => id === SAMPLE_VIEWER_ID).length;
      expect(json.split(SAMPLE_VIEWER_ID).length - 1).toBe(userIds);
    });
  }

  test('the escape check catches unescaped markdown and links', () => {
    const raw = `Location: ${HOSTILE.probe}`;
    expect(UNESCAPED_MARKDOWN.some((p) => p.test(raw))).toBe(true);
    expect(MARKDOWN_LINK.test(raw)).toBe(true);
    expect(UNESCAPED_MARKDOWN.some((p) => p.test(HOSTILE.escaped))).toBe(false);
    expect(MARKDOWN_LINK.test(HOSTILE.escaped)).toBe(false);
    expect(UNESCAPED_MARKDOWN.some((p) => p.test(HOSTILE.lines))).toBe(true);
  });
});
