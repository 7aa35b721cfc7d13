// oauth4webapi — an OpenID-certified relying-party library — against the demo's authorization
// server (http://localhost:8000) and resource server (http://localhost:8001), which run on the
// embedded local backend. Start them first (`cargo run --example demo`), then `node check.mjs`.
// Prints one line per check and a final `N passed, M failed` line; exits 1 on any failure.
//
// The login and consent pages are driven over HTTP as a browser would (a cookie jar, the form's
// hidden fields), logging in as the demo user john/john (subject 1001).

import * as oauth from 'oauth4webapi'

const ISSUER = new URL(process.env.AS_ISSUER ?? 'http://localhost:8000')
const RESOURCE = new URL(process.env.RS_URL ?? 'http://localhost:8001/api/time')
const insecure = { [oauth.allowInsecureRequests]: true } // the demo speaks plain HTTP on loopback

// The demo's confidential client and the resource server's introspection credentials.
const client = { client_id: '2000' }
const secret = 'demo-secret'
const resourceServer = { client_id: 'resource-server' }
const resourceSecret = 'resource-secret'
const REDIRECT_URI = new URL('/api/mock/redirection', ISSUER).href

// The demo's key client (authlete_local::demo::KEY_CLIENT_ID): private_key_jwt and signed request
// objects with this P-256 key, whose public half is the client's registered `jwks`. The key is
// public (authlete_local::demo::KEY_CLIENT_PRIVATE_JWK), for the demo only.
const keyClient = { client_id: '2500' }
const KEY_CLIENT_PRIVATE_JWK = {"kty":"EC","crv":"P-256","kid":"demo-key-client-1","x":"R9ZUMXJiGLSpgnxFkGPg00qhPe06Z88ZOyoSJa9g6No","y":"oFECIQkNcvalLE4b4JVdNlXNsutfNRcb1fwp-QjmzlM","d":"evWTrtW4Ngm8f0Ebk-y42_Te9Uvs73RvzcbbB7JTJEc"}
const { kid: keyClientKid, ...keyClientJwk } = KEY_CLIENT_PRIVATE_JWK
const keyClientKey = {
  kid: keyClientKid,
  key: await crypto.subtle.importKey('jwk', keyClientJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']),
}
// A key nobody registered.
const strangerKey = { kid: keyClientKid, key: (await oauth.generateKeyPair('ES256')).privateKey }

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
  await run('introspection (RFC 7662) with client_secret_post', async () => {
    const response = await oauth.introspectionRequest(as, resourceServer, oauth.ClientSecretPost(resourceSecret), token, insecure)
    const result = await oauth.processIntrospectionResponse(as, resourceServer, response)
    check('introspection (RFC 7662) with client_secret_post', result.active === true && result.client_id === '2000', JSON.stringify(result))
  })
  await run('introspection with a wrong secret is 401 with a Basic challenge', async () => {
    const response = await oauth.introspectionRequest(as, resourceServer, oauth.ClientSecretPost('wrong'), token, insecure)
    const body = await response.clone().json()
    const challenge = response.headers.get('www-authenticate') ?? ''
    check('introspection with a wrong secret is 401 invalid_client with a Basic challenge', response.status === 401 && body.error === 'invalid_client' && /^Basic /i.test(challenge), `${response.status} ${JSON.stringify(body)} ${challenge}`)
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

// ---- flows through the login and consent pages, as a browser drives them ----

// HTML attribute values are escaped by the page's template engine.
function unescapeHtml(text) {
  return text
    ?.replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal) => String.fromCodePoint(Number(decimal)))
    .replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')
}

// GET the authorization endpoint with `parameters`, log in as john on the consent page and press
// Authorize, keeping the cookies the pages set. Returns the authorization server's last answer
// (a redirect to the client, or the page it showed instead).
async function browserAuthorize(parameters) {
  const url = new URL(as.authorization_endpoint)
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value)
  const page = await fetch(url, { redirect: 'manual' })
  if (page.status !== 200) return page
  const cookies = page.headers.getSetCookie().map((cookie) => cookie.split(';')[0])
  const html = await page.text()
  const field = (name) => unescapeHtml(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1])
  const action = unescapeHtml(/<form method="post" action="([^"]*)" id="decision-form">/.exec(html)?.[1])
  if (!action) throw new Error(`no consent form on the page (${html.length} bytes)`)
  return fetch(new URL(action, url), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ authorized: 'true', loginId: 'john', password: 'john', csrf_token: field('csrf_token'), request: field('request') }),
  })
}

// The URL the authorization server redirected the browser to.
function redirectedTo(answer) {
  const location = answer.headers.get('location')
  if (answer.status !== 302 || !location) throw new Error(`expected a redirect, got ${answer.status}`)
  return new URL(location)
}

async function pkce() {
  const verifier = oauth.generateRandomCodeVerifier()
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) }
}

await run('PKCE: a wrong code_verifier is refused', async () => {
  const { challenge } = await pkce()
  const state = oauth.generateRandomState()
  const answer = await browserAuthorize({ client_id: client.client_id, response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'profile', state, code_challenge: challenge, code_challenge_method: 'S256' })
  const callback = oauth.validateAuthResponse(as, client, redirectedTo(answer), state)
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(secret), callback, REDIRECT_URI, oauth.generateRandomCodeVerifier(), insecure)
  await oauth.processAuthorizationCodeResponse(as, client, response).then(
    () => check('PKCE: a wrong code_verifier is refused', false, 'a token was issued'),
    (error) => check('PKCE: a wrong code_verifier is refused (invalid_grant)', error.error === 'invalid_grant', `${error.name} ${error.error}`),
  )
})

await run('authorization code with PKCE S256 and a validated ID token', async () => {
  const { verifier, challenge } = await pkce()
  const state = oauth.generateRandomState()
  const nonce = oauth.generateRandomNonce()
  const answer = await browserAuthorize({ client_id: client.client_id, response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid profile email', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' })
  const callback = oauth.validateAuthResponse(as, client, redirectedTo(answer), state)
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(secret), callback, REDIRECT_URI, verifier, insecure)
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true })
  const claims = oauth.getValidatedIdTokenClaims(result)
  await oauth.validateApplicationLevelSignature(as, response, insecure)
  check('authorization code with PKCE S256: the ID token is signed by the JWKS key, for this client and nonce', claims.sub === '1001' && claims.aud === client.client_id && claims.nonce === nonce && typeof claims.at_hash === 'string', JSON.stringify(claims))
  const userinfo = await oauth.userInfoRequest(as, client, result.access_token, insecure)
  const info = await oauth.processUserInfoResponse(as, client, claims.sub, userinfo)
  check('userinfo for the ID token\'s subject', info.sub === '1001' && info.email === 'john@example.com', JSON.stringify(info))
})

await run('private_key_jwt (RFC 7523) at the token endpoint', async () => {
  const response = await oauth.clientCredentialsGrantRequest(as, keyClient, oauth.PrivateKeyJwt(keyClientKey), { scope: 'profile' }, insecure)
  const result = await oauth.processClientCredentialsResponse(as, keyClient, response)
  check('private_key_jwt (RFC 7523) at the token endpoint', typeof result.access_token === 'string', JSON.stringify(result))
  const stranger = await oauth.clientCredentialsGrantRequest(as, keyClient, oauth.PrivateKeyJwt(strangerKey), { scope: 'profile' }, insecure)
  const body = await stranger.clone().json()
  check('private_key_jwt: an assertion signed by an unregistered key is 401 invalid_client', stranger.status === 401 && body.error === 'invalid_client', `${stranger.status} ${JSON.stringify(body)}`)
})

await run('private_key_jwt at the PAR and revocation endpoints', async () => {
  const { challenge } = await pkce()
  const pushed = await oauth.pushedAuthorizationRequest(as, keyClient, oauth.PrivateKeyJwt(keyClientKey), { response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' }, insecure)
  const par = await oauth.processPushedAuthorizationResponse(as, keyClient, pushed)
  check('private_key_jwt at the PAR endpoint (RFC 9126)', typeof par.request_uri === 'string' && par.request_uri.startsWith('urn:ietf:params:oauth:request_uri:'), JSON.stringify(par))
  const issued = await oauth.clientCredentialsGrantRequest(as, keyClient, oauth.PrivateKeyJwt(keyClientKey), { scope: 'profile' }, insecure)
  const { access_token: keyToken } = await oauth.processClientCredentialsResponse(as, keyClient, issued)
  const revoked = await oauth.revocationRequest(as, keyClient, oauth.PrivateKeyJwt(keyClientKey), keyToken, insecure)
  await oauth.processRevocationResponse(revoked)
  const after = await oauth.introspectionRequest(as, resourceServer, oauth.ClientSecretBasic(resourceSecret), keyToken, insecure)
  const state = await oauth.processIntrospectionResponse(as, resourceServer, after)
  check('private_key_jwt at the revocation endpoint (RFC 7009): the token is inactive after it', state.active === false, JSON.stringify(state))
})

await run('dynamic registration (RFC 7591) of a client_secret_jwt client, then client_secret_jwt at the token endpoint', async () => {
  const registration = await oauth.dynamicClientRegistrationRequest(as, { client_name: 'JS client_secret_jwt client', grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_jwt', scope: 'profile' }, { ...insecure, initialAccessToken: 'local-initial-access-token' })
  const registered = await oauth.processDynamicClientRegistrationResponse(registration)
  check('dynamic registration (RFC 7591) with the initial access token: a client_secret_jwt client with a secret', typeof registered.client_id === 'string' && typeof registered.client_secret === 'string' && registered.token_endpoint_auth_method === 'client_secret_jwt', JSON.stringify({ ...registered, client_secret: registered.client_secret ? '…' : undefined }))
  const jwtClient = { client_id: registered.client_id }
  const response = await oauth.clientCredentialsGrantRequest(as, jwtClient, oauth.ClientSecretJwt(registered.client_secret), { scope: 'profile' }, insecure)
  const result = await oauth.processClientCredentialsResponse(as, jwtClient, response)
  check('client_secret_jwt (RFC 7523) at the token endpoint', typeof result.access_token === 'string', JSON.stringify(result))
  const wrong = await oauth.clientCredentialsGrantRequest(as, jwtClient, oauth.ClientSecretJwt('not-the-secret'), { scope: 'profile' }, insecure)
  const body = await wrong.clone().json()
  check('client_secret_jwt: an assertion under another secret is 401 invalid_client', wrong.status === 401 && body.error === 'invalid_client', `${wrong.status} ${JSON.stringify(body)}`)
})

await run('JAR (RFC 9101): a signed request object, then private_key_jwt', async () => {
  const { verifier, challenge } = await pkce()
  const state = oauth.generateRandomState()
  const nonce = oauth.generateRandomNonce()
  const parameters = { response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid profile', state, nonce, code_challenge: challenge, code_challenge_method: 'S256' }
  const request = await oauth.issueRequestObject(as, keyClient, parameters, keyClientKey)
  const answer = await browserAuthorize({ client_id: keyClient.client_id, request })
  const callback = oauth.validateAuthResponse(as, keyClient, redirectedTo(answer), state)
  const response = await oauth.authorizationCodeGrantRequest(as, keyClient, oauth.PrivateKeyJwt(keyClientKey), callback, REDIRECT_URI, verifier, insecure)
  const result = await oauth.processAuthorizationCodeResponse(as, keyClient, response, { expectedNonce: nonce, requireIdToken: true })
  const claims = oauth.getValidatedIdTokenClaims(result)
  check('JAR (RFC 9101): the request object\'s parameters are used (state, nonce, PKCE)', claims.aud === keyClient.client_id && claims.nonce === nonce, JSON.stringify(claims))
  const forged = await oauth.issueRequestObject(as, keyClient, parameters, strangerKey)
  const refused = await fetch(`${as.authorization_endpoint}?${new URLSearchParams({ client_id: keyClient.client_id, request: forged })}`, { redirect: 'manual' })
  const location = refused.headers.get('location')
  const error = location ? new URL(location).searchParams.get('error') : (await refused.json().catch(() => ({}))).error
  check('JAR: a request object signed by an unregistered key is invalid_request_object', error === 'invalid_request_object' && !location?.includes('code='), `${refused.status} ${location ?? ''} ${error}`)
})

for (const mode of ['jwt', 'query.jwt']) {
  await run(`JARM (response_mode=${mode})`, async () => {
    const { verifier, challenge } = await pkce()
    const state = oauth.generateRandomState()
    const answer = await browserAuthorize({ client_id: client.client_id, response_type: 'code', response_mode: mode, redirect_uri: REDIRECT_URI, scope: 'profile', state, code_challenge: challenge, code_challenge_method: 'S256' })
    const url = redirectedTo(answer)
    const callback = await oauth.validateJwtAuthResponse(as, client, url, state, insecure)
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(secret), callback, REDIRECT_URI, verifier, insecure)
    const result = await oauth.processAuthorizationCodeResponse(as, client, response)
    check(`JARM (response_mode=${mode}): a signed response in the query, its code redeemed`, url.searchParams.has('response') && !url.searchParams.has('code') && typeof result.access_token === 'string', url.search.slice(0, 40))
  })
}

// ---- DPoP (RFC 9449): a sender-constrained token at our resource server ----

await run('DPoP-bound token', async () => {
  const keyPair = await oauth.generateKeyPair('ES256')
  const dpop = oauth.DPoP(client, keyPair)
  const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(secret), { scope: 'profile' }, { ...insecure, DPoP: dpop })
  const result = await oauth.processClientCredentialsResponse(as, client, response)
  check('DPoP: the token endpoint issues a DPoP-bound token (token_type DPoP)', result.token_type === 'dpop', JSON.stringify(result))
  const accepted = await oauth.protectedResourceRequest(result.access_token, 'GET', RESOURCE, undefined, undefined, { ...insecure, DPoP: dpop })
  check('DPoP: the resource server accepts the token with a proof of its key', accepted.status === 200, `${accepted.status}`)
  const challenges = async (headers) => {
    const answer = await fetch(RESOURCE, { headers })
    return { status: answer.status, header: answer.headers.get('www-authenticate') ?? '' }
  }
  const dpopChallenge = /^DPoP\b.*error="invalid_token".*algs="[^"]*ES256/
  const noProof = await challenges({ authorization: `DPoP ${result.access_token}` })
  check('DPoP: the DPoP scheme without a proof is 401 with a DPoP challenge and algs', noProof.status === 401 && dpopChallenge.test(noProof.header), `${noProof.status} ${noProof.header}`)
  const asBearer = await challenges({ authorization: `Bearer ${result.access_token}` })
  check('DPoP: the bound token as a Bearer token is 401 with a DPoP challenge', asBearer.status === 401 && dpopChallenge.test(asBearer.header), `${asBearer.status} ${asBearer.header}`)
  // The Bearer scheme with a valid proof (RFC 9449 §7.2): oauth4webapi's request, its scheme
  // rewritten on the way out.
  const bearerScheme = (url, init) => {
    const headers = new Headers(init.headers)
    headers.set('authorization', headers.get('authorization').replace(/^DPoP /, 'Bearer '))
    return fetch(url, { ...init, headers })
  }
  const withProof = await oauth.protectedResourceRequest(result.access_token, 'GET', RESOURCE, undefined, undefined, { ...insecure, DPoP: dpop, [oauth.customFetch]: bearerScheme }).then(
    (answer) => ({ status: answer.status, header: answer.headers.get('www-authenticate') ?? '' }),
    (error) => ({ status: error.response?.status, header: error.response?.headers.get('www-authenticate') ?? `${error.name}` }),
  )
  check('DPoP: the bound token as a Bearer token with a valid proof is 401 with a DPoP challenge (RFC 9449 §7.2)', withProof.status === 401 && dpopChallenge.test(withProof.header), `${withProof.status} ${withProof.header}`)
  const other = oauth.DPoP(client, await oauth.generateKeyPair('ES256'))
  await oauth.protectedResourceRequest(result.access_token, 'GET', RESOURCE, undefined, undefined, { ...insecure, DPoP: other }).then(
    (answer) => check('DPoP: a proof of another key is refused', false, `${answer.status}`),
    (error) => {
      const found = error instanceof oauth.WWWAuthenticateChallengeError ? error.cause : []
      check('DPoP: a proof of another key is 401 invalid_dpop_proof', error.response?.status === 401 && found.some((c) => c.scheme === 'dpop' && c.parameters.error === 'invalid_dpop_proof'), `${error.name}: ${JSON.stringify(found)}`)
    },
  )
})

console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
