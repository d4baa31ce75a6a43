import type { MethodName, MethodResult, ParsedInput } from '../api/contract';
import type { ServiceContext } from './context';

export type Handler<M extends MethodName> = (
  ctx: ServiceContext,
  input: ParsedInput<M>,
) => MethodResult<M> | Promise<MethodResult<M>>;

/** The handlers of one area's part of the contract; the type makes them complete. */
export type HandlersOf<C> = { [M in keyof C & MethodName]: Handler<M> };
