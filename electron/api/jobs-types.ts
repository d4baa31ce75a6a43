/**
 * The one status shape of every background job (issue 15 item 2): a roster file being read and
 * checked, its import being written, a batch of 明白纸, a backup, the demo seed. The renderer
 * follows any of them with `jobs.status` and stops one with `jobs.cancel`.
 */

export type JobKind =
  | 'roster-import-check'
  | 'roster-import-write'
  | 'cards'
  | 'backup'
  | 'demo-seed'
  /** Village 上报包 verified and loaded into a township workspace. */
  | 'report-import'
  /** A roster or archive export, read in a worker thread from its own snapshot. */
  | 'export';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  done: number;
  /** 0 while the total is not known yet. */
  total: number;
  /** What the job is doing now, in words for the clerk (读取文件、写入数据库 …). */
  phase: string;
}

export interface JobStatus {
  jobId: string;
  kind: JobKind;
  /** What the job is, for the clerk (导入花名册「x.xlsx」). */
  label: string;
  state: JobState;
  progress: JobProgress;
  /** Whether `jobs.cancel` can still stop it (a job past its point of no return cannot). */
  cancellable: boolean;
  /** The finished job's outcome in words (已生成 …；已取消，未保存任何记录). */
  message?: string;
  /** What the finished job made; its shape is the kind's (see the feature's status method). */
  result?: unknown;
  /** Why it failed, in Chinese, as the clerk should read it. */
  error?: string;
}
