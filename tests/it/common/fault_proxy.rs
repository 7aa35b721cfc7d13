//! A fault-injecting HTTP/1.1 proxy on 127.0.0.1, between an `AuthleteClient` (or a layer using
//! one) and a backend: each request gets the next scripted [`Fault`], or the default one, and is
//! logged with whether it reached the backend.
//!
//! One request per connection (`Connection: close` both ways), so that every fault — a reset, a
//! body cut short — hits exactly one request.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the proxy does with one request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Forwards the request and relays the answer.
    Pass,
    /// Waits, then forwards.
    Delay(Duration),
    /// Answers itself with this status (and `Retry-After` when given) and a JSON error body; the
    /// backend sees nothing.
    Status(u16, Option<&'static str>),
    /// Resets the connection as soon as the request is read; the backend sees nothing.
    Refuse,
    /// Forwards, then sends the answer's head and half its body, then resets the connection.
    ResetMidBody,
    /// Answers 200 with an HTML page; the backend sees nothing.
    NotJson,
    /// Answers 200 with a body of this many bytes, with or without `Content-Length`.
    Huge { bytes: usize, declared: bool },
    /// Forwards, then relays the answer 16 bytes at a time, `pause` apart.
    SlowBody { pause: Duration },
}

/// One request the proxy received.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub forwarded: bool,
}

#[derive(Debug)]
struct Script {
    next: VecDeque<Fault>,
    default: Fault,
    hits: Vec<Hit>,
}

/// The proxy; stops when dropped.
pub struct FaultProxy {
    addr: SocketAddr,
    script: Arc<Mutex<Script>>,
    task: JoinHandle<()>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FaultProxy {
    /// Starts a proxy to `backend` that passes everything until told otherwise.
    pub async fn start(backend: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let script = Arc::new(Mutex::new(Script {
            next: VecDeque::new(),
            default: Fault::Pass,
            hits: Vec::new(),
        }));
        let shared = script.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, backend, shared.clone()));
            }
        });
        FaultProxy { addr, script, task }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The faults for the next requests, in order; the default follows them.
    pub fn then(&self, faults: impl IntoIterator<Item = Fault>) {
        self.script.lock().unwrap().next.extend(faults);
    }

    /// The fault for every request once the script is spent.
    pub fn always(&self, fault: Fault) {
        let mut script = self.script.lock().unwrap();
        script.next.clear();
        script.default = fault;
    }

    /// Requests the proxy received whose path ends with `suffix`.
    pub fn received(&self, suffix: &str) -> usize {
        self.hits(suffix).len()
    }

    /// Requests that reached the backend whose path ends with `suffix`.
    pub fn forwarded(&self, suffix: &str) -> usize {
        self.hits(suffix).iter().filter(|hit| hit.forwarded).count()
    }

    fn hits(&self, suffix: &str) -> Vec<Hit> {
        let script = self.script.lock().unwrap();
        let hits = script.hits.iter().filter(|hit| hit.path.ends_with(suffix));
        hits.cloned().collect()
    }
}

async fn serve(mut client: TcpStream, backend: SocketAddr, script: Arc<Mutex<Script>>) {
    let Some((head, body)) = read_request(&mut client).await else {
        return;
    };
    let path = head.split(' ').nth(1).unwrap_or("").to_owned();
    let fault = {
        let mut script = script.lock().unwrap();
        let fault = script
            .next
            .pop_front()
            .unwrap_or_else(|| script.default.clone());
        let forwarded = matches!(
            fault,
            Fault::Pass | Fault::Delay(_) | Fault::ResetMidBody | Fault::SlowBody { .. }
        );
        script.hits.push(Hit { path, forwarded });
        fault
    };
    match fault {
        Fault::Pass => {
            let answer = forward(backend, &head, &body).await;
            let _ = client.write_all(&answer).await;
        }
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            let answer = forward(backend, &head, &body).await;
            let _ = client.write_all(&answer).await;
        }
        Fault::Status(status, retry_after) => {
            let retry_after = retry_after
                .map(|value| format!("Retry-After: {value}\r\n"))
                .unwrap_or_default();
            let body = r#"{"resultCode":"A000000","resultMessage":"injected by the fault proxy"}"#;
            let answer = format!(
                "HTTP/1.1 {status} Injected\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{retry_after}Connection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = client.write_all(answer.as_bytes()).await;
        }
        Fault::Refuse => {
            let _ = client.set_zero_linger();
            return;
        }
        Fault::ResetMidBody => {
            let answer = forward(backend, &head, &body).await;
            let end = head_end(&answer).expect("the backend answered HTTP");
            let cut = end + (answer.len() - end) / 2;
            let _ = client.write_all(&answer[..cut]).await;
            let _ = client.flush().await;
            let _ = client.set_zero_linger();
            return;
        }
        Fault::NotJson => {
            let body = "<html><body>Down for maintenance</body></html>";
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = client.write_all(answer.as_bytes()).await;
        }
        Fault::Huge { bytes, declared } => {
            let length = if declared {
                format!("Content-Length: {bytes}\r\n")
            } else {
                String::new()
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}Connection: close\r\n\r\n"
            );
            if client.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let block = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < bytes {
                let size = block.len().min(bytes - sent);
                if client.write_all(&block[..size]).await.is_err() {
                    return;
                }
                sent += size;
            }
        }
        Fault::SlowBody { pause } => {
            let answer = forward(backend, &head, &body).await;
            let end = head_end(&answer).expect("the backend answered HTTP");
            if client.write_all(&answer[..end]).await.is_err() {
                return;
            }
            for piece in answer[end..].chunks(16) {
                tokio::time::sleep(pause).await;
                if client.write_all(piece).await.is_err() {
                    return;
                }
            }
        }
    }
    let _ = client.shutdown().await;
}

/// The index just past the blank line that ends an HTTP head.
fn head_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .map(|at| at + 4)
}

/// Reads one request: its head (as text, without the blank line) and its `Content-Length` body.
async fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let end = loop {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = head_end(&buffer) {
            break end;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..end - 4]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < end + length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some((head, buffer[end..end + length].to_vec()))
}

/// Sends the request to the backend with `Connection: close` and reads its whole answer.
async fn forward(backend: SocketAddr, head: &str, body: &[u8]) -> Vec<u8> {
    let mut lines = head.split("\r\n");
    let mut request = String::new();
    request.push_str(lines.next().unwrap_or(""));
    request.push_str("\r\n");
    for line in lines {
        if !line.to_ascii_lowercase().starts_with("connection:") {
            request.push_str(line);
            request.push_str("\r\n");
        }
    }
    request.push_str("Connection: close\r\n\r\n");
    let mut upstream = TcpStream::connect(backend).await.unwrap();
    upstream.write_all(request.as_bytes()).await.unwrap();
    upstream.write_all(body).await.unwrap();
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer).await.unwrap();
    answer
}
