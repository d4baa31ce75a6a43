import type { workspaceContract } from '../../api/workspace-contract';
import type { HandlersOf } from '../handler-type';
import { createWorkspace, workspaceOf } from './workspace';

export const workspaceHandlers: HandlersOf<typeof workspaceContract> = {
  'workspace.get': (ctx) => workspaceOf(ctx),
  'setup.createWorkspace': (ctx, input) => createWorkspace(ctx, input),
};
