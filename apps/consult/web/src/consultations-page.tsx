import { ButtonLink, ListPage, useQuery } from "@bernard/ui";
import { Link } from "@tanstack/react-router";
import { queries } from "./api.js";

/** Every consultation, newest first. */
export function ConsultationsPage() {
  const consultations = useQuery(queries.consultations());
  return (
    <ListPage
      title="Consultations"
      intro="Import the responses to a consultation, find the themes in them, and check how every response was sorted."
      action={<ButtonLink to="/new">Create a consultation</ButtonLink>}
      list={consultations}
      empty="There are no consultations yet."
      caption="All consultations"
      rowKey={(consultation) => consultation.id}
      columns={[
        {
          header: "Title",
          cell: (consultation) => (
            <Link className="govuk-link" to="/c/$id" params={{ id: consultation.id }}>
              {consultation.title}
            </Link>
          ),
        },
        { header: "Owner", cell: (consultation) => consultation.ownerName },
        {
          header: "Questions",
          cell: (consultation) => consultation.questions.length,
          numeric: true,
        },
        {
          header: "Respondents",
          cell: (consultation) => consultation.respondents.toLocaleString("en-GB"),
          numeric: true,
        },
      ]}
    />
  );
}
