/**
 * Every service answers an error with `{ code, message: { zh, en }, details? }` (ADR 0004). The
 * console shows that message in the chosen language with its stable code; what is not such a body
 * (the network is down, a proxy answered) becomes one with a code of the console's own.
 */
export interface Problem {
  code: string;
  message: { zh: string; en: string };
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${status} ${problem.code}: ${problem.message.en}`);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.problem.code;
  }

  /** 412: the If-Match revision is not the stream's — someone else changed the case meanwhile. */
  get isConflict(): boolean {
    return this.status === 412;
  }
}

export function isProblem(value: unknown): value is Problem {
  const v = value as Partial<Problem> | null;
  return typeof v === 'object' && v !== null && typeof v.code === 'string' && typeof v.message?.zh === 'string' && typeof v.message?.en === 'string';
}

/** What the console says for an answer that is not a problem body. */
export function consoleProblem(status: number, body: unknown): Problem {
  if (status === 0) {
    return { code: 'CONSOLE_NETWORK', message: { zh: '无法连接服务，请检查网络后重试', en: 'The service could not be reached; check the network and retry' } };
  }
  return {
    code: `HTTP_${status}`,
    message: { zh: `服务返回了无法识别的应答（HTTP ${status}）`, en: `The service answered with an unexpected response (HTTP ${status})` },
    details: typeof body === 'string' && body.length > 0 ? { body: body.slice(0, 500) } : undefined,
  };
}

/** The problem a 412 means to an officer, whatever the service's own wording. */
export const CONFLICT_PROBLEM: Problem = {
  code: 'REVISION_MISMATCH',
  message: {
    zh: '有人在您之后修改了此案件（或此记录）。请刷新查看最新情况后再操作。',
    en: 'Someone changed this case (or record) after you opened it. Refresh to see the latest state, then try again.',
  },
};

export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.isConflict ? { ...CONFLICT_PROBLEM, details: error.problem.details } : error.problem;
  if (error instanceof Error) return { code: 'CONSOLE_ERROR', message: { zh: `页面出错：${error.message}`, en: `The page failed: ${error.message}` } };
  return { code: 'CONSOLE_ERROR', message: { zh: '页面出错', en: 'The page failed' } };
}
