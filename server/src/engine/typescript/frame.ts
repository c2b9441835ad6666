import { CLEAN, TaintEnv, type Taint } from '../taint/taint';
import type { FunctionNode } from './syntax';

/**
 * One function being walked (or the module). `env` is replaced by forks while a branch is
 * walked; `roles` names the parameters that are request-like objects (`request`,
 * `route-context`) whose members are the sources, rather than values that are tainted.
 */
export class Frame {
  env: TaintEnv;
  readonly roles: Map<string, string>;
  /** Names declared here (parameters, var/let/const, functions): assignments to others write through to the outer function. */
  readonly declared = new Set<string>();
  /** Union of what the function returns (for summaries and `array.map` callbacks). */
  returns: Taint = CLEAN;

  /** `fn`: the function this frame walks (undefined for the module and a summary's empty scope). */
  constructor(
    readonly parent?: Frame,
    readonly fn?: FunctionNode,
  ) {
    this.env = parent ? parent.env.child() : new TaintEnv();
    this.roles = new Map(parent?.roles);
  }

  /** The innermost frame, from this one outwards, that declares `name`. */
  owner(name: string): Frame | undefined {
    for (let frame: Frame | undefined = this; frame; frame = frame.parent) if (frame.declared.has(name)) return frame;
    return undefined;
  }
}
