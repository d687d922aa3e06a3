// govuk-frontend ships no type declarations; these are the component classes Bernard initialises.
declare module "govuk-frontend" {
  type ComponentClass = new (element: Element) => unknown;
  export const Button: ComponentClass;
  export const ErrorSummary: ComponentClass;
  export const NotificationBanner: ComponentClass;
  export const ServiceNavigation: ComponentClass;
}
