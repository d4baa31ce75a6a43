import type { PolicySheetContent } from '../../api/policy-types';
import type { Settings } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { CardSource } from '../cards/content';
import { getSettings } from '../settings/settings';

/**
 * What a household's 监测对象申报政策明白纸 says (docs/domain.md §9 「Publicity」), as a plain
 * object drawn by layout.ts. The contacts are the door card's (services/cards/content.ts: the
 * same workers per level, the same nearest worker and 帮扶责任人), so the two sheets a
 * household holds never name different people. The rest comes from the settings: the year's
 * 监测收入标准 (docs/domain.md §2), the time limits of the steps (§3), the 监督电话 and the
 * village's self-report app if it has one. No ID number and no phone of the household is read.
 */

/** 「2 天」 or 「3 个工作日」, as the sheet says a time limit. */
function limitWords(rule: { days: number; workingDays: boolean }): string {
  return rule.workingDays ? `${rule.days} 个工作日` : `${rule.days} 天`;
}

/**
 * The 监测收入标准 printed: the issue year's; before the province publishes it, the latest
 * earlier year's (the line in force until then); none when no line is set.
 */
export function incomeLineFor(
  settings: Pick<Settings, 'incomeLines'>,
  year: number,
): { year: number; amount: number } | null {
  const lines = settings.incomeLines
    .filter((line) => line.year <= year)
    .sort((a, b) => b.year - a.year);
  return lines[0] ?? null;
}

export class PolicySource {
  private readonly cards: CardSource;
  private readonly settings: Settings;

  constructor(ctx: ServiceContext) {
    this.cards = new CardSource(ctx);
    this.settings = getSettings(ctx);
  }

  get issueDate(): string {
    return this.cards.issueDate;
  }

  /** The sheets of these households in the order given; an unknown id is NOT_FOUND. */
  contents(householdIds: readonly number[]): PolicySheetContent[] {
    const year = Number(this.issueDate.slice(0, 4));
    const line = incomeLineFor(this.settings, year);
    const { deadlines } = this.settings;
    const limits = {
      verify: limitWords(deadlines.verify),
      notice: limitWords(deadlines.notice),
      township: limitWords(deadlines.township),
      total: limitWords(deadlines.total),
    };
    return this.cards.contents(householdIds).map((card) => {
      const own = card.levels.at(-1);
      const worker = card.report.worker;
      return {
        householdId: card.householdId,
        head: card.head,
        // A grid below the 村民小组 (docs/domain.md §1) still names the household's group.
        group: card.group || card.levels.find((l) => l.level === 'group')?.grid || own?.grid || '',
        village: card.village || this.settings.villageName,
        incomeYear: line?.year ?? year,
        incomeLine: line?.amount ?? null,
        levels: card.levels,
        contact: card.contact,
        reportWorker: worker ? { role: worker.role, name: worker.name, phone: worker.phone } : null,
        hotline: card.report.hotline,
        committee: card.report.committee,
        appChannel: this.settings.selfReportApp,
        limits,
        supervisionPhone: card.supervisionPhone,
        issueDate: card.issueDate,
      };
    });
  }
}
