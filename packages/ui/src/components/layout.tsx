import { useRef, type ReactNode } from "react";
import { useGovukComponent } from "../govuk.js";

export interface NavigationItem {
  href: string;
  text: string;
  current?: boolean;
}

export interface PageProps {
  /** Shown in the header, linking to the portal's home page. */
  productName?: string;
  /** The tool (or part of the service) this page belongs to, shown in the service navigation. */
  serviceName?: string;
  serviceUrl?: string;
  /** Links in the service navigation (one per tool, plus admin pages for admins). */
  navigation?: NavigationItem[];
  /** The signed-in person, shown at the end of the navigation with a sign-out button. */
  user?: { name: string; onSignOut: () => void } | undefined;
  phase?: { tag: string; text: ReactNode };
  footerLinks?: NavigationItem[];
  children: ReactNode;
}

const loadServiceNavigation = () =>
  import("govuk-frontend").then((module) => module.ServiceNavigation);

/** The shared page template: skip link, header, service navigation, phase banner, main, footer. */
export function Page({
  productName = "Bernard",
  serviceName,
  serviceUrl = "/",
  navigation = [],
  user,
  phase,
  footerLinks = [],
  children,
}: PageProps) {
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      {/* One banner landmark holds the product name, the service navigation and the phase banner. */}
      <header role="banner">
        <div className="govuk-generic-header">
          <div className="govuk-generic-header__container govuk-width-container">
            <div className="govuk-generic-header__logo">
              <a href="/" className="govuk-generic-header__homepage-link">
                {productName}
              </a>
            </div>
          </div>
        </div>
        {(serviceName || navigation.length > 0 || user) && (
          <ServiceNavigation
            serviceName={serviceName}
            serviceUrl={serviceUrl}
            items={navigation}
            user={user}
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

function ServiceNavigation({
  serviceName,
  serviceUrl,
  items,
  user,
}: {
  serviceName: string | undefined;
  serviceUrl: string;
  items: NavigationItem[];
  user: PageProps["user"];
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
          {(items.length > 0 || user) && (
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
                {user && (
                  <li className="govuk-service-navigation__item bernard-user">
                    <span className="govuk-service-navigation__text">{user.name}</span>{" "}
                    <button
                      type="button"
                      className="govuk-service-navigation__link bernard-link-button"
                      onClick={user.onSignOut}
                    >
                      Sign out
                    </button>
                  </li>
                )}
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
