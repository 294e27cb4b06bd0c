import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'ApiClientCreated' })
export class ApiClientCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'cl_Xq3vR7mT2pL9sK4wN8bY1cZ5' }) clientId: string;

  @ApiProperty({
    example: 'uGk3y1Q7bX0tNwE9fJ2aL5pR8sV4cH6mZ1dK3oT7qY0',
    description: 'Shown this once: only its hash is kept',
  })
  clientSecret: string;
}
