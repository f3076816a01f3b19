import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ErrorCode, type FieldError } from '@hcp/contracts';
import { AppException } from './app-exception.js';

/** Flattens class-validator's nested errors into one entry per offending field, with a dotted path. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      result.push({ field, rules: Object.keys(error.constraints), message: Object.values(error.constraints).join('; ') });
    }
    if (error.children?.length) result.push(...toFieldErrors(error.children, field));
  }
  return result;
}

/** Unknown fields are refused (not silently dropped), types are converted, and every failure is a 400 with a code. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, '请求参数有误，请检查后重试', toFieldErrors(errors)),
  });
}
