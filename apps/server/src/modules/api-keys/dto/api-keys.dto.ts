import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { API_KEY_SCOPES, type ApiKeyScope, type CreateApiKeyRequest } from '@hcp/contracts';

const SCOPE_VALUES = API_KEY_SCOPES.map((s) => s.scope);

export class CreateApiKeyDto implements CreateApiKeyRequest {
  @ApiProperty({ example: '省级数据上报' })
  @IsString()
  @Length(1, 50)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ enum: SCOPE_VALUES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCOPE_VALUES.length)
  @ArrayUnique()
  @IsIn(SCOPE_VALUES, { each: true })
  scopes: ApiKeyScope[];
}
