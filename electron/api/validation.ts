import { z } from 'zod';
import type { ApiErrorShape, FieldError } from './errors';
import { FIELD_LABELS } from './labels';

// Built-in zod messages in Chinese for anything a schema does not word itself.
z.config(z.locales.zhCN());

/**
 * How an item of a list is named: 第 2 位成员, not 「成员 第 2 项」. Lists not named here read
 * 第 N 项 after their label (村民小组第 2 项).
 */
const ITEM_NAMES: Record<string, string> = {
  members: '位成员',
  risks: '项风险类型',
  incomeLines: '条监测收入标准',
  groups: '个村民小组',
  problemIds: '个关联问题',
};

function describePath(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  path.forEach((key, index) => {
    if (typeof key === 'number') {
      const list = String(path[index - 1] ?? '');
      const itemName = ITEM_NAMES[list];
      if (itemName) parts[parts.length - 1] = `第 ${key + 1} ${itemName}`;
      else parts.push(`第 ${key + 1} 项`);
    } else {
      parts.push(FIELD_LABELS[String(key)] ?? String(key));
    }
  });
  return parts.join(' ');
}

/** The message under one field: the issue's own words (its label is above the field). */
function fieldMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return '有不认识的字段';
  return issue.message;
}

/**
 * Each bad field with its path, for a form to show the message under that field. Issues about
 * the whole input (an unknown key at the top) have no field: the sentence above says them.
 */
export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues
    .filter((issue) => issue.path.length > 0)
    .slice(0, 50)
    .map((issue) => ({
      path: issue.path.filter((k): k is string | number => typeof k !== 'symbol'),
      message: fieldMessage(issue),
    }));
}

/** A zod failure as the error every door returns: one sentence plus the bad fields, if any. */
export function validationError(error: z.ZodError): ApiErrorShape {
  const fields = zodFieldErrors(error);
  const message = formatZodError(error);
  return fields.length ? { code: 'VALIDATION', message, fields } : { code: 'VALIDATION', message };
}

/** One Chinese sentence naming each bad field, e.g. "第 2 位成员：身份证号校验位不对". */
export function formatZodError(error: z.ZodError): string {
  const messages = error.issues.slice(0, 5).map((issue) => {
    const where = describePath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      // Key names come from the caller and may be anything (even 10 MB long): show a few, cut.
      const keys = issue.keys
        .slice(0, 3)
        .map((key) => (key.length > 20 ? `${key.slice(0, 20)}…` : key));
      const more = issue.keys.length > 3 ? ` 等 ${issue.keys.length} 项` : '';
      return `${where ? `${where}：` : ''}有不认识的字段（${keys.join('、')}${more}）`;
    }
    if (!where) return issue.message;
    // A message that already names its field ("请填写村名称") needs only the place above it
    // ("第 2 条监测收入标准：年度不能早于 2015").
    const label = FIELD_LABELS[String(issue.path.at(-1))];
    if (label && issue.message.includes(label)) {
      const above = describePath(issue.path.slice(0, -1));
      return above ? `${above}：${issue.message}` : issue.message;
    }
    return `${where}：${issue.message}`;
  });
  const more = error.issues.length > 5 ? `（另有 ${error.issues.length - 5} 处问题）` : '';
  return `输入有误：${messages.join('；')}${more}`;
}
