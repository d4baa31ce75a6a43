import { CliError, invoke, requireOption, requireOut, writeOutFile, type Command } from './cli-kit';

/**
 * The township outputs of a 乡镇/县汇总库 (docs/domain.md §11): township-report (the 月通报 across
 * villages, xlsx), worker-list (网格员名单 for 报送), township-reconcile (账账相符).
 */
export const townshipCommands: Record<string, Command> = {
  'township-report': {
    summary: '乡镇汇总库：生成分村月通报（.xlsx，含办结率、走访排名）',
    usage: 'township-report --month 2026-04 --out 分村月通报.xlsx',
    options: { month: { type: 'string' }, out: { type: 'string' } },
    async run(runtime, args, io) {
      const month = requireOption(args.values.month, '请用 --month 给出月份，如 --month 2026-04');
      const out = requireOut(args);
      const report = await invoke(runtime, 'township.monthly', { month });
      writeOutFile(out, await invoke(runtime, 'township.monthlyExport', { month }));
      const byId = new Map(report.rows.map((r) => [r.villageId, r]));
      io.out(report.title);
      io.out(
        `已上报 ${report.rows.length} 个村；农户 ${report.total.figures.households} 户；办结率 ${report.total.rates.resolved.text}；走访完成率 ${report.total.rates.visits.text}`,
      );
      io.out(
        `办结率排名：${report.byResolved.map((id) => `${byId.get(id)!.village} ${byId.get(id)!.rates.resolved.text}`).join('，')}`,
      );
      io.out(`已生成：${out}`);
    },
  },
  'worker-list': {
    summary: '乡镇汇总库：导出网格员名单（报送县级用，含完整电话，内部资料）',
    usage: 'worker-list --out 网格员名单.xlsx',
    options: { out: { type: 'string' } },
    async run(runtime, args, io) {
      const out = requireOut(args);
      writeOutFile(out, await invoke(runtime, 'township.workerList', {}));
      io.out('内部资料，报送县级，不得公开');
      io.out(`已生成：${out}`);
    },
  },
  'township-reconcile': {
    summary: '乡镇汇总库：账账相符核对（各村上报数与本库重算数逐项比较），有不符时退出码为 1',
    usage: 'township-reconcile',
    options: {},
    async run(runtime, _args, io) {
      const result = await invoke(runtime, 'township.reconcile', {});
      for (const v of result.villages) {
        io.out(`${v.township}${v.village}（${v.period}）：${v.verdict}`);
        for (const d of v.differences) {
          io.out(
            `  ${d.label}：村上报 ${d.packageValue ?? '缺少'}，本库重算 ${d.recomputed ?? '缺少'}`,
          );
        }
      }
      if (result.differences > 0) {
        throw new CliError(`共有 ${result.differences} 处不符，请与各村核对`);
      }
    },
  },
};
