import { pathToFileURL } from 'node:url';
import type { CardContent } from '../../electron/api/cards-types';
import { fontPath, FONT_BOLD, FONT_REGULAR } from '../../electron/documents/pdf/fonts';
import { CARD_TITLE, chineseDate, reportLines } from '../../electron/services/cards/layout';

/**
 * The peer of the cards benchmark: the same 明白纸 as HTML, one card per A4 page with CSS page
 * breaks, the bundled Noto Sans SC (both weights) through @font-face, for Chromium's
 * --print-to-pdf. Every text the PDF card prints is here too (title, 户主, 网格, 住址, the level
 * table, 帮扶责任人, the report lines, 监督电话, 发放日期), so both files carry the same words.
 */

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

function cardHtml(card: CardContent): string {
  const levels = card.levels
    .map((level) => {
      const workers = level.workers.length > 0 ? level.workers : null;
      const lead = `<th rowspan="${workers?.length ?? 1}">${escape(level.label)}</th><td rowspan="${workers?.length ?? 1}" class="c">${escape(level.grid)}</td>`;
      if (!workers) return `<tr>${lead}<td colspan="4" class="c">暂未配备</td></tr>`;
      return workers
        .map(
          (w, i) =>
            `<tr>${i === 0 ? lead : ''}<th>${escape(w.role)}</th><td class="c">${escape(w.name)}</td><td class="c">${escape(w.phone || '—')}</td><td>${escape(w.duties || '—')}</td></tr>`,
        )
        .join('');
    })
    .join('');
  const contact = card.contact
    ? `<th>帮扶责任人</th><td class="c">${escape(card.contact.name)}</td><th>工作单位</th><td>${escape(card.contact.unit || '—')}</td><th>联系电话</th><td class="c">${escape(card.contact.phone || '—')}</td>`
    : '<th>帮扶责任人</th><td colspan="5">暂无</td>';
  const [intro, ...ways] = reportLines(card);
  const place = `${card.township}${card.village}${card.group}` || '—';
  const address = [card.naturalVillage, card.address].filter(Boolean).join(' ') || '—';
  return `<section class="card">
<h1>${CARD_TITLE}</h1>
<table><tr><th>户主</th><td>${escape(card.head || '—')}</td><th>所在网格</th><td>${escape(place)}</td></tr>
<tr><th>住址</th><td colspan="3">${escape(address)}</td></tr></table>
<table class="workers"><tr><th>层级</th><th>网格</th><th>职务</th><th>姓名</th><th>联系电话</th><th>主要职责</th></tr>${levels}</table>
<table><tr>${contact}</tr></table>
<h2>遇到困难怎么办</h2><p>${escape(intro!)}</p>${ways.map((w) => `<p class="way">${escape(w)}</p>`).join('')}
<footer><span>监督电话：${escape(card.supervisionPhone || '＿＿＿＿＿＿＿＿')}</span><span>发放日期：${chineseDate(card.issueDate)}</span></footer>
</section>`;
}

export function cardsHtml(cards: readonly CardContent[]): string {
  const regular = pathToFileURL(fontPath(FONT_REGULAR)).href;
  const bold = pathToFileURL(fontPath(FONT_BOLD)).href;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@font-face { font-family: 'Noto Sans SC'; font-weight: 400; src: url('${regular}') format('truetype'); }
@font-face { font-family: 'Noto Sans SC'; font-weight: 700; src: url('${bold}') format('truetype'); }
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: 'Noto Sans SC'; font-size: 13pt; }
.card { height: 272mm; border: 3px double #000; padding: 8mm; display: flex; flex-direction: column; gap: 5mm; page-break-after: always; break-after: page; }
h1 { font-size: 24pt; text-align: center; margin: 0; }
h2 { font-size: 14pt; margin: 0; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.6pt solid #000; padding: 1mm 1.2mm; }
th { background: #f2f2f2; white-space: nowrap; }
.workers th { background: #e6e6e6; }
.c { text-align: center; white-space: nowrap; }
p { margin: 0; }
.way { padding-left: 1.2em; }
footer { margin-top: auto; display: flex; justify-content: space-between; font-weight: 700; }
</style></head><body>
${cards.map(cardHtml).join('\n')}
</body></html>`;
}
