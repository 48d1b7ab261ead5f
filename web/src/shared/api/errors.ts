import type { FieldError, Problem } from './types';

/** An API call that failed, carrying the server's RFC 9457 problem when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): string | undefined {
    return this.problem.code;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    typeof (value as { status: unknown }).status === 'number'
  );
}

/** Builds an ApiError from whatever openapi-fetch parsed as the error body. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isProblem(body)) {
    return new ApiError(status, { ...body, title: body.title ?? '', type: body.type ?? '' });
  }
  return new ApiError(status, { type: 'about:blank', title: '', status });
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Strips a JSON pointer ("/email", "/deputy_ids/0") down to its first segment ("email"). */
export function fieldName(error: FieldError): string | undefined {
  if (error.field === undefined) return undefined;
  const parts = error.field.replace(/^\//, '').split('/');
  return parts[0] === '' ? undefined : parts[0];
}

/** The errors that belong to one form field. */
export function errorsForField(error: unknown, field: string): FieldError[] {
  if (!isApiError(error)) return [];
  return error.fieldErrors.filter((e) => fieldName(e) === field);
}
