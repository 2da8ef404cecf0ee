//! Rate-limit keys of client addresses: one function, so every per-address limit (sign-in,
//! share passwords, public intake, password resets) counts the same unit.
//!
//! An IPv4 address is its own key. An IPv6 address counts as its /64: one subscriber, host
//! or cloud instance usually holds a whole /64 and can pick any address in it, so keying on
//! the full address would give an attacker 2⁶⁴ fresh limits. An IPv4-mapped IPv6 address
//! (`::ffff:192.0.2.7`, as a dual-stack listener reports IPv4 peers) is its IPv4 address —
//! never the /64 all IPv4 clients would otherwise share.

use std::net::IpAddr;

/// The rate-limit key of `ip` under `prefix`: `prefix:192.0.2.7` for IPv4,
/// `prefix:2001:db8:1:2::/64` for IPv6.
#[must_use]
pub fn ip_rate_key(prefix: &str, ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => format!("{prefix}:{v4}"),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{prefix}:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use proptest::prelude::*;

    use super::*;

    fn v6(bits: u128) -> IpAddr {
        IpAddr::V6(Ipv6Addr::from(bits))
    }

    #[test]
    fn ipv4_is_whole_and_ipv6_is_its_64() {
        assert_eq!(
            ip_rate_key("ip", IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7))),
            "ip:192.0.2.7"
        );
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        assert_eq!(ip_rate_key("ip", a), "ip:2001:db8:1:2::/64");
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(ip_rate_key("ip", mapped), "ip:192.0.2.7");
    }

    proptest! {
        #[test]
        fn two_addresses_in_one_64_share_a_key(prefix in any::<u64>(), a in any::<u64>(), b in any::<u64>()) {
            let net = u128::from(prefix) << 64;
            // Keep clear of the IPv4-mapped range (::ffff:0:0/96), which keys as IPv4.
            prop_assume!(prefix != 0);
            prop_assert_eq!(
                ip_rate_key("k", v6(net | u128::from(a))),
                ip_rate_key("k", v6(net | u128::from(b)))
            );
        }

        #[test]
        fn different_64s_never_share_a_key(p in any::<u64>(), q in any::<u64>(), host in any::<u64>()) {
            prop_assume!(p != q && p != 0 && q != 0);
            prop_assert_ne!(
                ip_rate_key("k", v6((u128::from(p) << 64) | u128::from(host))),
                ip_rate_key("k", v6((u128::from(q) << 64) | u128::from(host)))
            );
        }

        #[test]
        fn different_ipv4_addresses_never_share_a_key(a in any::<u32>(), b in any::<u32>()) {
            prop_assume!(a != b);
            prop_assert_ne!(
                ip_rate_key("k", IpAddr::V4(Ipv4Addr::from(a))),
                ip_rate_key("k", IpAddr::V4(Ipv4Addr::from(b)))
            );
        }

        #[test]
        fn an_ipv4_address_and_its_mapped_form_share_a_key(a in any::<u32>()) {
            let v4 = Ipv4Addr::from(a);
            prop_assert_eq!(
                ip_rate_key("k", IpAddr::V4(v4)),
                ip_rate_key("k", IpAddr::V6(v4.to_ipv6_mapped()))
            );
        }

        #[test]
        fn prefixes_keep_keys_apart(bits in any::<u128>()) {
            prop_assert_ne!(ip_rate_key("ip", v6(bits)), ip_rate_key("share-pw-ip", v6(bits)));
        }
    }
}
