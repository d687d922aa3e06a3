import { useRef, type ReactNode } from "react";
import { signOutOfPortal, type PortalSession, type PortalUser } from "../api.js";
import { useGovukComponent } from "../govuk.js";
import { useServiceTitle } from "../page-title.js";

export interface NavigationItem {
  href: string;
  text: string;
  current?: boolean;
}

export interface PageProps {
  /** Shown in the header, linking to the portal's home page. */
  productName?: string;
  /** The tool this page belongs to, shown in the service navigation and the page's title. */
  serviceName?: string;
  serviceUrl?: string;
  /** The tool's own pages, in the service navigation. */
  navigation?: NavigationItem[];
  /**
   * The signed-in person: the header then holds the portal's navigation (home, their account,
   * the admin pages for admins), their name and a sign-out button, in the portal and every tool.
   */
  session?: PortalSession | undefined;
  phase?: { tag: string; text: ReactNode };
  footerLinks?: NavigationItem[];
  children: ReactNode;
}

const loadServiceNavigation = () =>
  import("govuk-frontend").then((module) => module.ServiceNavigation);

/** The portal's own pages, for this person: everyone's, then the admin pages for admins. */
export function portalNavigation(user: PortalUser): NavigationItem[] {
  return [
    { href: "/", text: "Home" },
    { href: "/account", text: "Your account" },
    ...(user.role === "admin"
      ? [
          { href: "/admin/tools", text: "Tools" },
          { href: "/admin/models", text: "Models" },
          { href: "/admin/users", text: "Users" },
          { href: "/admin/audit", text: "Audit log" },
        ]
      : []),
  ];
}

/** The shared page template: skip link, header, service navigation, phase banner, main, footer. */
export function Page({
  productName = "Bernard",
  serviceName,
  serviceUrl = "/",
  navigation = [],
  session,
  phase,
  footerLinks = [],
  children,
}: PageProps) {
  useServiceTitle(serviceName);
  const here = globalThis.location?.pathname;
  const current = (items: NavigationItem[]) =>
    items.map((item) => ({ ...item, current: item.current ?? item.href === here }));
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      {/* One banner landmark holds the product name, the portal's and the tool's navigation and the phase banner. */}
      <header role="banner">
        <div className="govuk-generic-header">
          <div className="govuk-generic-header__container govuk-width-container bernard-header">
            <div className="govuk-generic-header__logo">
              <a href="/" className="govuk-generic-header__homepage-link">
                {productName}
              </a>
            </div>
            {session && (
              <PortalNavigation items={current(portalNavigation(session.user))} session={session} />
            )}
          </div>
        </div>
        {(serviceName || navigation.length > 0) && (
          <ServiceNavigation
            serviceName={serviceName}
            serviceUrl={serviceUrl}
            items={current(navigation)}
          />
        )}
        {phase && (
          <div className="govuk-width-container">
            <PhaseBanner tag={phase.tag}>{phase.text}</PhaseBanner>
          </div>
        )}
      </header>
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content">
          {children}
        </main>
      </div>
      <Footer links={footerLinks} />
    </>
  );
}

/** The portal's links in the header, the same on every page of the portal and of each tool. */
function PortalNavigation({ items, session }: { items: NavigationItem[]; session: PortalSession }) {
  return (
    <nav aria-label="Bernard" className="bernard-portal-navigation">
      <ul className="bernard-portal-navigation__list">
        {items.map((item) => (
          <li key={item.href} className="bernard-portal-navigation__item">
            <a
              className="bernard-portal-navigation__link"
              href={item.href}
              aria-current={item.current ? "page" : undefined}
            >
              {item.text}
            </a>
          </li>
        ))}
        <li className="bernard-portal-navigation__item bernard-user">
          <span>{session.user.name}</span>{" "}
          <button
            type="button"
            className="bernard-portal-navigation__link bernard-link-button"
            onClick={signOutOfPortal}
          >
            Sign out
          </button>
        </li>
      </ul>
    </nav>
  );
}

function ServiceNavigation({
  serviceName,
  serviceUrl,
  items,
}: {
  serviceName: string | undefined;
  serviceUrl: string;
  items: NavigationItem[];
}) {
  const ref = useRef<HTMLElement>(null);
  useGovukComponent(ref, loadServiceNavigation);
  return (
    <section
      aria-label="Service information"
      className="govuk-service-navigation"
      data-module="govuk-service-navigation"
      ref={ref}
    >
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          {serviceName && (
            <span className="govuk-service-navigation__service-name">
              <a href={serviceUrl} className="govuk-service-navigation__link">
                {serviceName}
              </a>
            </span>
          )}
          {items.length > 0 && (
            <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
              <button
                type="button"
                className="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                aria-controls="navigation"
                hidden
                aria-hidden="true"
              >
                Menu
              </button>
              <ul className="govuk-service-navigation__list" id="navigation">
                {items.map((item) => (
                  <li
                    key={item.href}
                    className={`govuk-service-navigation__item${item.current ? " govuk-service-navigation__item--active" : ""}`}
                  >
                    <a
                      className="govuk-service-navigation__link"
                      href={item.href}
                      aria-current={item.current ? "page" : undefined}
                    >
                      {item.current ? (
                        <strong className="govuk-service-navigation__active-fallback">
                          {item.text}
                        </strong>
                      ) : (
                        item.text
                      )}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </div>
      </div>
    </section>
  );
}

export function PhaseBanner({ tag, children }: { tag: string; children: ReactNode }) {
  return (
    <div className="govuk-phase-banner">
      <p className="govuk-phase-banner__content">
        <strong className="govuk-tag govuk-phase-banner__content__tag">{tag}</strong>
        <span className="govuk-phase-banner__text">{children}</span>
      </p>
    </div>
  );
}

function Footer({ links }: { links: NavigationItem[] }) {
  return (
    <footer className="govuk-footer">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            {links.length > 0 && (
              <>
                <h2 className="govuk-visually-hidden">Support links</h2>
                <ul className="govuk-footer__inline-list">
                  {links.map((link) => (
                    <li key={link.href} className="govuk-footer__inline-list-item">
                      <a className="govuk-footer__link" href={link.href}>
                        {link.text}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <span className="govuk-footer__licence-description">
              Bernard is open source software, released under the MIT licence.
            </span>
          </div>
        </div>
      </div>
    </footer>
  );
}
