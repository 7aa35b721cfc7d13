// oauth4webapi — an OpenID-certified relying-party library — against the demo's authorization
// server (http://localhost:8000) and resource server (http://localhost:8001), which run on the
// embedded local backend. Start them first (`cargo run --example demo`), then `node check.mjs`.
// Prints one line per check and a final `N passed, M failed` line; exits 1 on any failure.

import * as oauth from 'oauth4webapi'

const ISSUER = new URL(process.env.AS_ISSUER ?? 'http://localhost:8000')
const RESOURCE = new URL(process.env.RS_URL ?? 'http://localhost:8001/api/time')
const insecure = { [oauth.allowInsecureRequests]: true } // the demo speaks plain HTTP on loopback

// The demo's confidential client and the resource server's introspection credentials.
const client = { client_id: '2000' }
const secret = 'demo-secret'
const resourceServer = { client_id: 'resource-server' }
const resourceSecret = 'resource-secret'

// RFC 6750 §3 challenges of the resource server: the scheme and the error, if any.
function bearerChallenge(response) {
  const header = response.headers.get('www-authenticate') ?? ''
  const match = /^Bearer\b(.*)$/i.exec(header)
  if (!match) return undefined
  return { error: /error="([^"]*)"/.exec(match[1])?.[1] }
}

let passed = 0
let failed = 0
function check(name, condition, detail = '') {
  if (condition) {
    passed++
    console.log(`ok     ${name}`)
  } else {
    failed++
    console.log(`FAILED ${name}${detail ? ': ' + detail : ''}`)
  }
  return condition
}
async function run(name, body) {
  try {
    await body()
  } catch (error) {
    check(name, false, `${error.name}: ${error.message}${error.cause?.error ? ` (${error.cause.error}: ${error.cause.error_description})` : ''}`)
  }
}

let as
await run('discovery', async () => {
  const response = await oauth.discoveryRequest(ISSUER, { ...insecure, algorithm: 'oidc' })
  as = await oauth.processDiscoveryResponse(ISSUER, response)
  check('discovery: the OpenID configuration is valid for its issuer', as.issuer === ISSUER.href.replace(/\/$/, '') || as.issuer === ISSUER.href)
})
if (!as) {
  console.log(`${passed} passed, ${failed + 1} failed`)
  process.exit(1)
}

async function clientCredentials(name, auth) {
  let token
  await run(name, async () => {
    const response = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: 'profile' }, insecure)
    const result = await oauth.processClientCredentialsResponse(as, client, response)
    token = result.access_token
    check(name, typeof token === 'string' && result.token_type.toLowerCase() === 'bearer', JSON.stringify(result))
  })
  return token
}

const basicToken = await clientCredentials('client_credentials with client_secret_basic', oauth.ClientSecretBasic(secret))
const postToken = await clientCredentials('client_credentials with client_secret_post', oauth.ClientSecretPost(secret))

await run('a wrong client secret is invalid_client', async () => {
  const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic('wrong'), { scope: 'profile' }, insecure)
  const body = await response.clone().json()
  const challenge = response.headers.get('www-authenticate') ?? ''
  await oauth.processClientCredentialsResponse(as, client, response).then(
    () => check('a wrong client secret is invalid_client', false, 'a token was issued'),
    () => check('a wrong client secret is 401 invalid_client with a Basic challenge', response.status === 401 && body.error === 'invalid_client' && /^Basic /i.test(challenge), `${response.status} ${body.error} ${challenge}`),
  )
})

const token = basicToken ?? postToken
if (token) {
  await run('the token calls the resource server', async () => {
    const response = await oauth.protectedResourceRequest(token, 'GET', RESOURCE, undefined, undefined, insecure)
    check('the token calls the resource server', response.status === 200, `${response.status}`)
  })
  await run('introspection (RFC 7662) says active', async () => {
    const response = await oauth.introspectionRequest(as, resourceServer, oauth.ClientSecretBasic(resourceSecret), token, insecure)
    const result = await oauth.processIntrospectionResponse(as, resourceServer, response)
    check('introspection (RFC 7662) says active', result.active === true && result.client_id === '2000', JSON.stringify(result))
  })
  await run('revocation (RFC 7009) with client_secret_post', async () => {
    const response = await oauth.revocationRequest(as, client, oauth.ClientSecretPost(secret), token, insecure)
    await oauth.processRevocationResponse(response)
    check('revocation (RFC 7009) with client_secret_post', true)
  })
  await run('a revoked token is refused by the resource server', async () => {
    // oauth4webapi parses the resource server's challenge itself and throws it.
    await oauth.protectedResourceRequest(token, 'GET', RESOURCE, undefined, undefined, insecure).then(
      (response) => check('a revoked token is refused by the resource server', false, `${response.status}`),
      (error) => {
        const challenges = error instanceof oauth.WWWAuthenticateChallengeError ? error.cause : []
        check('a revoked token is refused by the resource server (401 Bearer invalid_token)', error.response?.status === 401 && challenges.some((c) => c.scheme === 'bearer' && c.parameters.error === 'invalid_token'), `${error.name}: ${JSON.stringify(challenges)}`)
      },
    )
  })
  await run('introspection of a revoked token says inactive', async () => {
    const response = await oauth.introspectionRequest(as, resourceServer, oauth.ClientSecretBasic(resourceSecret), token, insecure)
    const result = await oauth.processIntrospectionResponse(as, resourceServer, response)
    check('introspection of a revoked token says inactive', result.active === false, JSON.stringify(result))
  })
}

await run('the resource server challenges a request without a token', async () => {
  const response = await fetch(RESOURCE)
  const challenge = bearerChallenge(response)
  check('the resource server challenges a request without a token (no error code, RFC 6750 §3.1)', response.status === 401 && challenge !== undefined && challenge.error === undefined, `${response.status} ${response.headers.get('www-authenticate')}`)
})

for (const [label, auth] of [['client_secret_basic', oauth.ClientSecretBasic(secret)], ['client_secret_post', oauth.ClientSecretPost(secret)]]) {
  await run(`PAR (RFC 9126) with ${label}`, async () => {
    const verifier = oauth.generateRandomCodeVerifier()
    const parameters = {
      response_type: 'code',
      redirect_uri: 'http://localhost:8000/api/mock/redirection',
      scope: 'openid profile',
      nonce: oauth.generateRandomNonce(),
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }
    const response = await oauth.pushedAuthorizationRequest(as, client, auth, parameters, insecure)
    const result = await oauth.processPushedAuthorizationResponse(as, client, response)
    check(`PAR (RFC 9126) with ${label}`, result.request_uri?.startsWith('urn:ietf:params:oauth:request_uri:') && result.expires_in > 0, JSON.stringify(result))
  })
}

// The device flow belongs to the demo's public client (no client authentication).
const publicClient = { client_id: '3000', token_endpoint_auth_method: 'none' }
await run('device authorization (RFC 8628), public client', async () => {
  const response = await oauth.deviceAuthorizationRequest(as, publicClient, oauth.None(), { scope: 'profile' }, insecure)
  const result = await oauth.processDeviceAuthorizationResponse(as, publicClient, response)
  check('device authorization (RFC 8628), public client', typeof result.device_code === 'string' && typeof result.user_code === 'string' && typeof result.verification_uri === 'string', JSON.stringify(result))
  const poll = await oauth.deviceCodeGrantRequest(as, publicClient, oauth.None(), result.device_code, insecure)
  await oauth.processDeviceCodeResponse(as, publicClient, poll).then(
    () => check('the device grant before approval is authorization_pending', false, 'a token was issued'),
    (error) => check('the device grant before approval is authorization_pending', error.error === 'authorization_pending', `${error.error}`),
  )
})

console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
