import { Module } from '@nestjs/common';
import { signingKeyKeyringProvider, SigningKeyRepository } from './signing-key.repository';

/**
 * The signing-key store on its own, so that the auth library's token guard (through
 * `LocalSigningKeyResolver`) and the gateway's auth features share it.
 */
@Module({
  providers: [SigningKeyRepository, signingKeyKeyringProvider],
  exports: [SigningKeyRepository],
})
export class SigningKeysModule {}
