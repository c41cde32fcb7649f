/** A typed, coded error for the admin API. 4xx messages are shown; 5xx are masked. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);
export const badRequest = (field: string, message: string) => new AppError(400, 'VALIDATION', message, field);
export const conflict = (message: string) => new AppError(409, 'CONFLICT', message);
