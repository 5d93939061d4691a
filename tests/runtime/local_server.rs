//! A local hyper server for what wiremock cannot serve: HTTPS with a self-signed certificate made
//! for the run, and response bodies streamed without end. It records what it received.

use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::Frame;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::rustls;

pub type Body = BoxBody<Bytes, Infallible>;
type Respond = dyn Fn(&http::request::Parts) -> http::Response<Body> + Send + Sync;

/// A server on 127.0.0.1, over HTTPS or plain HTTP, answering every request through `respond`.
pub struct LocalServer {
    /// `https://127.0.0.1:<port>` or `http://…`.
    pub url: String,
    received: Arc<Mutex<Vec<http::request::Parts>>>,
    certificate: Option<rustls::pki_types::CertificateDer<'static>>,
}

impl LocalServer {
    pub async fn start(
        tls: bool,
        respond: impl Fn(&http::request::Parts) -> http::Response<Body> + Send + Sync + 'static,
    ) -> LocalServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("bound address").port();
        let (acceptor, certificate) = match tls {
            true => {
                let (acceptor, certificate) = tls_acceptor();
                (Some(acceptor), Some(certificate))
            }
            false => (None, None),
        };
        let received = Arc::new(Mutex::new(Vec::new()));
        let respond: Arc<Respond> = Arc::new(respond);
        let recorder = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (acceptor, recorder, respond) = (acceptor.clone(), recorder.clone(), respond.clone());
                tokio::spawn(async move {
                    match acceptor {
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                serve(stream, recorder, respond).await;
                            }
                        }
                        None => serve(stream, recorder, respond).await,
                    }
                });
            }
        });
        let scheme = if tls { "https" } else { "http" };
        LocalServer { url: format!("{scheme}://127.0.0.1:{port}"), received, certificate }
    }

    /// The head of every request received so far.
    pub fn received(&self) -> Vec<http::request::Parts> {
        self.received.lock().unwrap().clone()
    }

    /// A reqwest builder that trusts this server's certificate.
    pub fn trusting(&self) -> reqwest::ClientBuilder {
        let der = self.certificate.as_ref().expect("an HTTPS server");
        reqwest::Client::builder()
            .tls_certs_only(std::iter::once(reqwest::Certificate::from_der(der).unwrap()))
    }
}

async fn serve(
    stream: impl AsyncRead + AsyncWrite + Unpin + Send + 'static,
    recorder: Arc<Mutex<Vec<http::request::Parts>>>,
    respond: Arc<Respond>,
) {
    let service = hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
        let (parts, _) = request.into_parts();
        let response = respond(&parts);
        recorder.lock().unwrap().push(parts);
        async move { Ok::<_, Infallible>(response) }
    });
    let io = hyper_util::rt::TokioIo::new(stream);
    // A client that hangs up mid-body is what some tests expect.
    let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
}

fn tls_acceptor() -> (tokio_rustls::TlsAcceptor, rustls::pki_types::CertificateDer<'static>) {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).expect("a certificate");
    let certificate = made.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(made.signing_key.serialize_der().into());
    let config =
        rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![certificate.clone()], key)
            .expect("a server config");
    (tokio_rustls::TlsAcceptor::from(Arc::new(config)), certificate)
}

/// A whole body.
pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed()
}

/// What a streamed body has sent, and whether its connection has gone.
#[derive(Default)]
pub struct StreamStats {
    pub sent: AtomicUsize,
    pub dropped: AtomicBool,
}

/// A body of `chunk`-byte pieces without end; `stats` counts what was handed to the connection
/// and is told when the body is dropped (the connection closed).
pub fn endless(chunk: usize, stats: Arc<StreamStats>) -> Body {
    struct Guard(Arc<StreamStats>);
    impl Drop for Guard {
        fn drop(&mut self) {
            self.0.dropped.store(true, Ordering::SeqCst);
        }
    }
    let piece = Bytes::from(vec![b' '; chunk]);
    let guard = Guard(stats);
    let frames = futures_util::stream::repeat_with(move || {
        guard.0.sent.fetch_add(piece.len(), Ordering::SeqCst);
        Ok(Frame::data(piece.clone()))
    });
    StreamBody::new(frames).boxed()
}

/// `bytes` in `piece`-byte chunks, with no length declared (sent chunked).
pub fn chunked(bytes: Vec<u8>, piece: usize) -> Body {
    let frames: Vec<_> = bytes.chunks(piece).map(|c| Ok(Frame::data(Bytes::copy_from_slice(c)))).collect();
    StreamBody::new(futures_util::stream::iter(frames)).boxed()
}

/// A body that never yields a byte.
pub fn stalled() -> Body {
    StreamBody::new(futures_util::stream::pending::<Result<Frame<Bytes>, Infallible>>()).boxed()
}

/// A response with `status`, `headers` and `body`.
pub fn response(status: u16, headers: &[(&str, &str)], body: Body) -> http::Response<Body> {
    let mut response = http::Response::new(body);
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
    for (name, value) in headers {
        response.headers_mut().append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            http::HeaderValue::from_str(value).unwrap(),
        );
    }
    response
}
