// Types for with-node.mjs (used by its tests).
export declare const MINIMUM: [number, number];
export declare function isRecentNode(version: string): boolean;
export declare function nodePackageName(platform?: string, arch?: string): string;
export declare function nodeCandidates(options?: {
  root?: string;
  env?: Record<string, string | undefined>;
  platform?: string;
  arch?: string;
}): string[];
export declare function findRecentNode(options?: {
  root?: string;
  env?: Record<string, string | undefined>;
}): string | null;
export declare function missingNodeMessage(version?: string, platform?: string): string;
export declare function runAndExit(command: string, args: string[], options?: object): void;
export declare function ensureRecentNode(options?: { root?: string }): Promise<void>;
