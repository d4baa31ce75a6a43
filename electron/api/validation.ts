import { z } from 'zod';
import { FIELD_LABELS } from './labels';

// Built-in zod messages in Chinese for anything a schema does not word itself.
z.config(z.locales.zhCN());

function describePath(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (const key of path) {
    if (typeof key === 'number') parts.push(`第 ${key + 1} 项`);
    else parts.push(FIELD_LABELS[String(key)] ?? String(key));
  }
  return parts.join(' ');
}

/** One Chinese sentence naming each bad field, e.g. "村民小组 第 2 项：请填写村民小组名称". */
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
    // ("监测收入标准 第 2 项：年度不能早于 2015").
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
