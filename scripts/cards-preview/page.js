// Runs in Chromium, after the adaptivecards UMD bundle (global `AdaptiveCards`). Loaded by scripts/cards-preview.ts.
// Renders each card with a Teams-like host config and reports what a reviewer should know about it.
/* global AdaptiveCards */
'use strict';

/** Teams light theme, as close as public values allow (font sizes, weights, colours, FactSet, actions). */
const TEAMS_HOST_CONFIG = {
  supportsInteractivity: true,
  fontFamily: "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', 'Liberation Sans', sans-serif",
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  lineHeights: { small: 16, default: 20, medium: 20, large: 24, extraLarge: 32 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        dark: { default: '#252424', subtle: '#484644' },
        light: { default: '#FFFFFF', subtle: '#F5F5F5' },
        accent: { default: '#5B5FC7', subtle: '#7579EB' },
        good: { default: '#0E700E', subtle: '#107C10' },
        warning: { default: '#835B00', subtle: '#8A6A00' },
        attention: { default: '#C4314B', subtle: '#D13438' },
      },
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#7579EB' },
        good: { default: '#0E700E', subtle: '#107C10' },
        warning: { default: '#835B00', subtle: '#8A6A00' },
        attention: { default: '#C4314B', subtle: '#D13438' },
      },
    },
  },
  actions: {
    maxActions: 6, // Teams shows at most six card-level actions
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 12, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
    iconPlacement: 'leftOfTitle',
  },
  adaptiveCard: { allowCustomStyle: false },
  factSet: {
    title: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true, maxWidth: 150 },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 12,
  },
  textBlock: { headingLevel: 2 },
};

/**
 * The markdown subset Teams renders in TextBlocks and facts: **bold**, _italic_ / *italic*, [links](url),
 * "- " and "1. " lists, and backslash escapes. HTML is shown as text. Good enough to see whether a card's
 * escaping works (escaped text reads plain, with no backslashes) and whether data turned into formatting or links.
 */
function teamsMarkdown(text) {
  const escapes = [];
  let s = text.replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, (_, c) => `\u0000${escapes.push(c) - 1}\u0000`);
  const html = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const inline = (t) =>
    html(t)
      .replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
      .replace(/\*\*(?=\S)([^]*?\S)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^\w\u0000])_(?=\S)([^]*?\S)_(?![\w])/g, '$1<em>$2</em>')
      .replace(/\*(?=\S)([^]*?\S)\*/g, '<em>$1</em>');
  const out = [];
  let list;
  for (const line of s.split('\n')) {
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+\.\s+(.*)$/.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : undefined;
    if (list && list.kind !== kind) {
      out.push(`<${list.kind}>${list.items.map((i) => `<li>${i}</li>`).join('')}</${list.kind}>`);
      list = undefined;
    }
    if (kind) {
      list ??= { kind, items: [] };
      list.items.push(inline((bullet ?? numbered)[1]));
    } else {
      out.push(`<p>${inline(line)}</p>`);
    }
  }
  if (list) out.push(`<${list.kind}>${list.items.map((i) => `<li>${i}</li>`).join('')}</${list.kind}>`);
  s = out.join('');
  return s.replace(/\u0000(\d+)\u0000/g, (_, i) => html(escapes[Number(i)]));
}

AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = teamsMarkdown(text);
  result.didProcess = true;
};

/** Actions the cards executed, by sample name (a click in the interaction check lands here). */
window.executedActions = [];

/** Renders every sample into #cards; returns per-card findings. */
window.renderSamples = function renderSamples(samples) {
  const root = document.getElementById('cards');
  const hostConfig = new AdaptiveCards.HostConfig(TEAMS_HOST_CONFIG);
  return samples.map((sample) => {
    const wrapper = document.createElement('section');
    wrapper.className = 'sample';
    wrapper.id = `sample-${sample.name}`;
    const caption = document.createElement('h2');
    caption.textContent = sample.name;
    const bubble = document.createElement('div');
    bubble.className = 'bubble';
    wrapper.append(caption, bubble);
    root.append(wrapper);
    const findings = { name: sample.name, warnings: [], links: [], htmlFromData: [], overflow: [] };
    if (sample.error) {
      bubble.classList.add('failed');
      bubble.textContent = `This card could not be rendered:\n${sample.error}`;
      findings.warnings.push(`render failed: ${sample.error}`);
      return findings;
    }
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.onExecuteAction = (action) => window.executedActions.push({ sample: sample.name, type: action.getJsonTypeName(), title: action.title, verb: action.verb });
    const context = new AdaptiveCards.SerializationContext();
    card.parse(sample.card, context);
    for (let i = 0; i < context.eventCount; i++) findings.warnings.push(context.getEventAt(i).message);
    const element = card.render();
    if (!element) {
      findings.warnings.push('render() returned nothing');
      return findings;
    }
    bubble.append(element);
    for (const a of bubble.querySelectorAll('a[href]')) findings.links.push({ text: a.textContent, href: a.getAttribute('href') });
    for (const el of bubble.querySelectorAll('img, script, iframe, b, i:not(.ac-icon)')) findings.htmlFromData.push(el.outerHTML.slice(0, 80));
    // Text wider than its box (a long unbroken word, a button label): clipped or spilling out in Teams too.
    const cardBox = element.getBoundingClientRect();
    for (const el of bubble.querySelectorAll('.ac-textBlock, .ac-richTextBlock, .ac-factset, .ac-pushButton, .ac-columnSet')) {
      const box = el.getBoundingClientRect();
      const clipped = el.scrollWidth > el.clientWidth + 1;
      const outside = box.right > cardBox.right + 1;
      if (clipped || outside) findings.overflow.push(`${el.className.split(' ')[0]} "${(el.textContent || '').trim().slice(0, 40)}"${outside ? ' (beyond the card edge)' : ''}`);
    }
    return findings;
  });
};

/**
 * Clicks every checkbox that sits inside a clickable row (selectAction) and reports the rows whose
 * action fired as well: in such a row, ticking the box also opens whatever the row opens.
 */
window.checkTogglesInClickableRows = function checkTogglesInClickableRows() {
  const results = [];
  for (const section of document.querySelectorAll('section.sample')) {
    const boxes = [...section.querySelectorAll('.ac-selectable input[type=checkbox]')];
    if (boxes.length === 0) continue;
    const before = window.executedActions.length;
    boxes[0].click();
    const fired = window.executedActions.slice(before);
    results.push({ name: section.id.replace(/^sample-/, ''), checked: boxes[0].checked, fired });
    boxes[0].click(); // put it back for any later screenshot
  }
  return results;
};
