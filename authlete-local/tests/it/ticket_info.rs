//! `/auth/authorization/ticket/info` and `/auth/authorization/ticket/update`, in process and over
//! HTTP (v2 and v3): the context attached to a pending ticket is read back, returned by the issue
//! API as `ticketInfo`, and gone with the ticket; missing and unknown tickets are refused.

use authlete_local::{LocalBackend, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::*;

use crate::support::start;

async fn ticket(api: &dyn AuthleteApi) -> String {
    let answer = api
        .authorization(AuthorizationRequest::new(format!(
            "response_type=code&client_id=2000&scope=openid&redirect_uri={}",
            percent_encoding::utf8_percent_encode(
                demo::REDIRECT_URI,
                percent_encoding::NON_ALPHANUMERIC
            )
        )))
        .await
        .unwrap();
    assert_eq!(answer.action, Some(AuthorizationAction::Interaction));
    answer.ticket.unwrap()
}

#[tokio::test]
async fn a_tickets_context_is_kept_until_the_ticket_is_used() {
    let backend = LocalBackend::demo();
    let (server, v2, v3) = start(backend.clone()).await;
    let apis: [&dyn AuthleteApi; 3] = [&backend, &v2, &v3];
    for api in apis {
        let ticket = ticket(api).await;
        let fresh = api
            .authorization_ticket_info(AuthorizationTicketInfoRequest::new(ticket.clone()))
            .await
            .unwrap();
        assert_eq!(fresh.action, Some(AuthorizationTicketAction::Ok));
        assert_eq!(fresh.result_code.as_deref(), Some("A405001"));
        assert_eq!(fresh.info.unwrap().context, None);

        let updated = api
            .authorization_ticket_update(AuthorizationTicketUpdateRequest::new(
                ticket.clone(),
                "step=consent",
            ))
            .await
            .unwrap();
        assert_eq!(updated.action, Some(AuthorizationTicketAction::Ok));
        assert_eq!(updated.result_code.as_deref(), Some("A406001"));
        assert_eq!(
            updated.info.unwrap().context.as_deref(),
            Some("step=consent")
        );
        let read = api
            .authorization_ticket_info(AuthorizationTicketInfoRequest::new(ticket.clone()))
            .await
            .unwrap();
        assert_eq!(read.info.unwrap().context.as_deref(), Some("step=consent"));

        let issued = api
            .authorization_issue(AuthorizationIssueRequest::new(ticket.clone(), "john"))
            .await
            .unwrap();
        assert_eq!(issued.action, Some(AuthorizationIssueAction::Location));
        assert_eq!(
            issued.ticket_info.unwrap().context.as_deref(),
            Some("step=consent")
        );
        // The ticket is used: neither API finds it any more.
        let gone = api
            .authorization_ticket_info(AuthorizationTicketInfoRequest::new(ticket.clone()))
            .await
            .unwrap();
        assert_eq!(gone.action, Some(AuthorizationTicketAction::NotFound));
        assert_eq!(gone.result_code.as_deref(), Some("A405301"));
        assert_eq!(gone.info, None);
        let gone = api
            .authorization_ticket_update(AuthorizationTicketUpdateRequest::new(ticket, "late"))
            .await
            .unwrap();
        assert_eq!(gone.action, Some(AuthorizationTicketAction::NotFound));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn missing_tickets_and_information_are_caller_errors() {
    let backend = LocalBackend::demo();
    let (server, v2, v3) = start(backend.clone()).await;
    let apis: [&dyn AuthleteApi; 3] = [&backend, &v2, &v3];
    for api in apis {
        let info = api
            .authorization_ticket_info(AuthorizationTicketInfoRequest::new(""))
            .await
            .unwrap();
        assert_eq!(info.action, Some(AuthorizationTicketAction::CallerError));
        assert_eq!(info.result_code.as_deref(), Some("A405101"));
        let update = api
            .authorization_ticket_update(AuthorizationTicketUpdateRequest::new("", "x"))
            .await
            .unwrap();
        assert_eq!(update.action, Some(AuthorizationTicketAction::CallerError));
        let ticket = ticket(api).await;
        let mut no_info = AuthorizationTicketUpdateRequest::new(ticket.clone(), "x");
        no_info.info = None;
        let update = api.authorization_ticket_update(no_info).await.unwrap();
        assert_eq!(update.action, Some(AuthorizationTicketAction::CallerError));
        assert_eq!(update.result_code.as_deref(), Some("A406101"));
        // The refused update changed nothing.
        let read = api
            .authorization_ticket_info(AuthorizationTicketInfoRequest::new(ticket))
            .await
            .unwrap();
        assert_eq!(read.info.unwrap().context, None);
        let unknown = api
            .authorization_ticket_info(AuthorizationTicketInfoRequest::new("no-such-ticket"))
            .await
            .unwrap();
        assert_eq!(unknown.action, Some(AuthorizationTicketAction::NotFound));
    }
    server.shutdown().await;
}
