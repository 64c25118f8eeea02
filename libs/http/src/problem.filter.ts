import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, Errors, isDomainError, toProblem } from '@benefits/kernel';

/** The part of the platform response the filter needs (express in every mode we run). */
interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
  setHeader(name: string, value: string): unknown;
  /** Express's per-response locals: the refusal's code is left there for the metrics. */
  locals?: Record<string, unknown>;
}

/**
 * Maps every error that leaves a controller to the product's error body
 * `{ code, message: { zh, en }, details? }`. A DomainError is the user's (4xx); anything else that
 * is not an HTTP error raised by the framework is our bug and becomes 500 INTERNAL_ERROR.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    const error = toDomainError(exception);
    if (error.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    // A refusal that clears by itself (a read model catching up) tells the client when to come back.
    const retryAfter = error.details?.['retryAfterSeconds'];
    if (error.status === 503 && typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    const problem = toProblem(error);
    if (response.locals) response.locals['problemCode'] = problem.code;
    response.status(error.status).json(problem);
  }
}

export function toDomainError(exception: unknown): DomainError {
  if (isDomainError(exception)) return exception;
  const bodyParserType = (exception as { type?: string })?.type;
  if (bodyParserType === 'entity.parse.failed') return Errors.MALFORMED_JSON();
  if (bodyParserType === 'entity.too.large') return Errors.PAYLOAD_TOO_LARGE();
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return Errors.NOT_FOUND({ reason: 'route' });
    if (status === 405) return Errors.METHOD_NOT_ALLOWED();
    if (status === 413) return Errors.PAYLOAD_TOO_LARGE();
    if (status < 500) return Errors.VALIDATION_FAILED({ reason: exception.message });
  }
  return Errors.INTERNAL_ERROR();
}
