import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * Text a person writes for others to read (a note, a reply, a reason, a comment): stored trimmed, and refused when
 * nothing is left (spaces, line breaks and the full-width space U+3000 alone say nothing), or when longer than `max`
 * characters after trimming.
 */
export function IsFilledText(max: number, api: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ ...api, maxLength: max, description: `${api.description ? `${api.description}; ` : ''}trimmed; not blank` } as ApiPropertyOptions),
    Transform(trimmed),
    IsString(),
    IsNotEmpty({ message: '$property must not be blank' }),
    MaxLength(max),
  );
}
