/** Node entry point `zego-elements/server`: the room server and the Token04 tool. */
export { createRoomServer, type RoomServer, type RoomServerOptions, type RoomServerStats } from './room-server.js';
export { devCertificate, readTlsFiles, selfSignedCertificate, type DevCertificate, type TlsCredentials } from './tls.js';
export {
  generateToken04,
  verifyToken04,
  payloadAllows,
  token04Payload,
  Token04Error,
  Token04ErrorCode,
  type GenerateToken04Options,
  type VerifyToken04Options,
  type VerifyToken04Result,
} from './token04.js';
export { tokenExpireOf } from '../src/shared/token-expire.js';
export { RoomCore, type RoomCoreOptions, type CoreClient, type CoreConnection } from '../src/shared/room-core.js';
