//! Contacts (friends).

use crate::client::{enc, Call, Client};
use crate::decode;
use crate::error::Result;
use crate::models::User;
use crate::transport::Method;
use crate::validate;

impl Client {
    /// Adds `contact` to `owner`'s contacts; returns the contact.
    pub async fn add_contact(&self, owner: &str, contact: &str) -> Result<User> {
        self.contact_call("add_contact", Method::Post, owner, contact)
            .await
    }

    /// Removes `contact` from `owner`'s contacts; returns the contact.
    pub async fn remove_contact(&self, owner: &str, contact: &str) -> Result<User> {
        self.contact_call("remove_contact", Method::Delete, owner, contact)
            .await
    }

    async fn contact_call(
        &self,
        op: &'static str,
        method: Method,
        owner: &str,
        contact: &str,
    ) -> Result<User> {
        validate::username("owner", owner).map_err(|e| e.with_operation(op))?;
        validate::username("contact", contact).map_err(|e| e.with_operation(op))?;
        let path = format!("/users/{}/contacts/users/{}", enc(owner), enc(contact));
        let reply = self.execute(&Call::new(op, method, path)).await?;
        decode::first_user(&reply.body).map_err(|e| e.with_operation(op))
    }

    /// The usernames of `owner`'s contacts.
    pub async fn list_contacts(&self, owner: &str) -> Result<Vec<String>> {
        const OP: &str = "list_contacts";
        validate::username("owner", owner).map_err(|e| e.with_operation(OP))?;
        let path = format!("/users/{}/contacts/users", enc(owner));
        let reply = self.execute(&Call::new(OP, Method::Get, path)).await?;
        decode::name_list(&reply.body).map_err(|e| e.with_operation(OP))
    }
}
